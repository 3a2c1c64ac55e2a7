package dev.crm.platform.axon;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's transactions on Narayana. Without it Axon autocommits every statement, so an event append and a token
 * update would not be atomic. Joins a transaction already active on the thread (a consumer's inbox transaction).
 */
public final class JtaTransactionManager implements TransactionManager {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {}

        @Override
        public void rollback() {}
    };

    private final jakarta.transaction.TransactionManager jta;

    public JtaTransactionManager(jakarta.transaction.TransactionManager jta) {
        this.jta = jta;
    }

    @Override
    public Transaction startTransaction() {
        try {
            if (jta.getStatus() != Status.STATUS_NO_TRANSACTION) {
                return joinedTransaction();
            }
            jta.begin();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a JTA transaction", e);
        }
        return new Transaction() {
            @Override
            public void commit() {
                try {
                    jta.commit();
                } catch (Exception e) {
                    throw new IllegalStateException("JTA commit failed", e);
                }
            }

            @Override
            public void rollback() {
                try {
                    if (jta.getStatus() != Status.STATUS_NO_TRANSACTION) {
                        jta.rollback();
                    }
                } catch (SystemException e) {
                    throw new IllegalStateException("JTA rollback failed", e);
                }
            }
        };
    }

    /** The outer transaction owns commit; a rollback here must still doom it. */
    private Transaction joinedTransaction() {
        return new Transaction() {
            @Override
            public void commit() {
                JOINED.commit();
            }

            @Override
            public void rollback() {
                try {
                    jta.setRollbackOnly();
                } catch (SystemException e) {
                    throw new IllegalStateException("Cannot mark the JTA transaction rollback-only", e);
                }
            }
        };
    }
}
