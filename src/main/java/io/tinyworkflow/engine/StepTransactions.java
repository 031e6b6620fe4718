package io.tinyworkflow.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.concurrent.Callable;

/**
 * The JTA transactions of transactional steps: the attempt and its journal record run in one
 * transaction of their own, whatever transaction the calling thread is in (it is suspended
 * meanwhile), committed when both succeeded and rolled back when anything was thrown, checked
 * exceptions and errors included.
 */
@ApplicationScoped
public class StepTransactions {

  /**
   * Runs work in a new transaction, committed when it returns and rolled back when it throws.
   *
   * @param work the work
   * @param <T> its result's type
   * @return its result
   * @throws Exception what the work threw; {@link jakarta.transaction.TransactionalException} when
   *     the transaction did not commit
   */
  @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = Throwable.class)
  public <T> T inNewTransaction(Callable<T> work) throws Exception {
    return work.call();
  }
}
