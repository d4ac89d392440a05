package dev.postern.core.front;

/**
 * What the login flow needs of a protocol's pre-auth decoder: stop handing out requests while a
 * login is checked (pipelined bytes stay buffered, bounded), start again after a refusal, and say
 * whether more than the bound arrived meanwhile (then the buffered bytes were dropped).
 */
public interface PreAuthDecoder {

    void suspend();

    void resume();

    boolean isOverflowing();
}
