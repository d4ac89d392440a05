package dev.postern.core.store;

import dev.postern.core.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What an app password is limited to beyond its scopes, set when it is created: the sender
 * addresses SMTP may use ({@code --send-as}, {@value #SELF} standing for the user's own name), the
 * networks a login may come from ({@code --allow-from}) and how many messages a day it may submit
 * ({@code --max-messages-per-day}, 0 for no quota). Empty lists mean no limit.
 */
public record Limits(List<String> sendAs, List<Cidr> allowFrom, int maxMessagesPerDay) {

    /** No limit beyond the scopes. */
    public static final Limits NONE = new Limits(List.of(), List.of(), 0);
    /** In {@code sendAs}: the user's own name, whatever it is when the session starts. */
    public static final String SELF = "self";
    /** Most send-as addresses and source networks one app password may carry. */
    public static final int MAX_ENTRIES = 64;
    /** Longest send-as address, in characters (RFC 5321's path limit). */
    public static final int MAX_ADDRESS = 256;

    public Limits {
        sendAs = List.copyOf(new LinkedHashSet<>(sendAs));
        allowFrom = List.copyOf(new LinkedHashSet<>(allowFrom));
        if (sendAs.size() > MAX_ENTRIES || allowFrom.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " send-as addresses or source networks"
                    + " (expected at most " + MAX_ENTRIES + " of each)");
        }
        if (maxMessagesPerDay < 0) {
            throw new IllegalArgumentException("max messages per day: " + maxMessagesPerDay
                    + " (expected a positive number, or none for no quota)");
        }
    }

    /**
     * Checks and normalises one {@code --send-as} value: {@value #SELF}, or an address
     * {@code local@domain} without angle brackets, spaces or controls, compared without regard to
     * ASCII case.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static String sendAsAddress(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase(SELF)) {
            return SELF;
        }
        int at = value.lastIndexOf('@');
        boolean clean = value.chars().allMatch(c -> c > 0x20 && c != 0x7F && c != '<' && c != '>' && c != ',');
        if (!clean || at <= 0 || at == value.length() - 1 || value.length() > MAX_ADDRESS) {
            throw new IllegalArgumentException("send-as \"" + printable(value) + "\" (expected an address such as"
                    + " scanner@example.com, or " + SELF + " for the user's own address)");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** Whether the SMTP session of this app password has its senders or its messages limited. */
    public boolean limitsSending() {
        return !sendAs.isEmpty() || maxMessagesPerDay > 0;
    }

    /** Whether a login from {@code client} may use this app password. */
    public boolean allowsSource(InetAddress client) {
        if (allowFrom.isEmpty()) {
            return true;
        }
        for (Cidr network : allowFrom) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The addresses {@code user}'s session may send as, lower-cased, {@value #SELF} replaced by the
     * user's name; empty when any sender is allowed.
     */
    public Set<String> sendersFor(String user) {
        Set<String> senders = new LinkedHashSet<>();
        for (String address : sendAs) {
            senders.add(address.equals(SELF) ? user.toLowerCase(Locale.ROOT) : address);
        }
        return senders;
    }

    /** The list form used by the store and the CLI: {@code self,scanner@example.com}; empty for none. */
    public static String joined(List<?> values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.toString()));
        return String.join(",", texts);
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return sendAs.isEmpty() && allowFrom.isEmpty() && maxMessagesPerDay == 0;
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> out.append(c < 0x20 || c == 0x7F ? '?' : (char) c));
        return out.toString();
    }

    @Override
    public String toString() {
        return "Limits[sendAs=" + sendAs + ", allowFrom=" + allowFrom + ", maxMessagesPerDay=" + maxMessagesPerDay
                + "]";
    }
}
