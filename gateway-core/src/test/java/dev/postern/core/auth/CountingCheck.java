package dev.postern.core.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link PasswordCheck} that records every hash it is asked to verify and can hold callers at a gate. */
final class CountingCheck implements PasswordCheck {

    private final PasswordCheck delegate;
    final List<String> verifiedHashes = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);

    CountingCheck(PasswordCheck delegate) {
        this.delegate = delegate;
    }

    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    int calls() {
        return verifiedHashes.size();
    }

    @Override
    public boolean matches(byte[] secret, String encodedHash) {
        verifiedHashes.add(encodedHash);
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return delegate.matches(secret, encodedHash);
    }
}
