package dev.postern.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a fuzzer's payload into the reads a client's bytes might arrive in. The cut pattern is a
 * {@code long} from the fuzzer: its octets, lowest first and repeating, give the size of each
 * read; an octet 0 means "all the rest in one read". So pattern 0 is one read of everything and
 * {@code 0x0101010101010101L} is byte by byte.
 */
public final class FuzzChunks {

    private FuzzChunks() {
    }

    public static List<byte[]> split(byte[] payload, long pattern) {
        List<byte[]> chunks = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < payload.length; i++) {
            int size = (int) ((pattern >>> (8 * (i % 8))) & 0xFF);
            int end = size == 0 ? payload.length : Math.min(payload.length, offset + size);
            chunks.add(Arrays.copyOfRange(payload, offset, end));
            offset = end;
        }
        return chunks;
    }

    /** How many times {@code octet} occurs in {@code payload}. */
    public static int count(byte[] payload, int octet) {
        int n = 0;
        for (byte b : payload) {
            if (b == (byte) octet) {
                n++;
            }
        }
        return n;
    }
}
