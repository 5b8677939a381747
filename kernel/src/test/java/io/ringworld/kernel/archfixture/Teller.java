package io.ringworld.kernel.archfixture;

/**
 * Planted bugs for HandlerOwnershipTest: a "handler" that writes another's field and calls
 * another handler. The checks must report both.
 */
final class Teller {
    void deposit(Ledger ledger, long amount) {
        ledger.balance = ledger.balance() + amount;
    }
}
