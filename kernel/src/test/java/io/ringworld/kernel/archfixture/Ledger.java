package io.ringworld.kernel.archfixture;

/** A planted "handler" whose field another class writes (see HandlerOwnershipTest). */
final class Ledger {
    long balance;

    long balance() {
        return balance;
    }
}
