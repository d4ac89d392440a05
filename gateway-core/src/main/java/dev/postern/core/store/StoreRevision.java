package dev.postern.core.store;

/**
 * A cheap way to notice that the store changed, whoever changed it (this process, the command line
 * next to it): a number that differs from the one read before once a change was committed since.
 * Only the difference means something. SQLite: {@code PRAGMA data_version} on a connection of its own.
 * May block: call it off the event loops.
 */
public interface StoreRevision extends AutoCloseable {

    /** Never changes: a store whose changes are all made in this process (and told through {@code AccountChanges}). */
    StoreRevision NONE = new StoreRevision() {
        @Override
        public long current() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    /** @throws StoreUnavailableException if the store cannot be read now */
    long current();

    @Override
    void close();
}
