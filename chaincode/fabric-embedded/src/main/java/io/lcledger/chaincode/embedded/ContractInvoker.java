package io.lcledger.chaincode.embedded;

import io.lcledger.chaincode.contract.LetterOfCreditContract;
import io.lcledger.chaincode.contract.NetworkContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Routes a function name to the chaincode's transaction method, as the contract router does on a
 * peer: {@code issue} goes to the default contract, {@code network:configure} to the named one. For
 * running the contract in-process (the node's sandbox, the contract tests).
 */
public final class ContractInvoker {
  private final Map<String, Target> transactions = new HashMap<>();

  private record Target(ContractInterface contract, Method method) {}

  public ContractInvoker() {
    register("", new LetterOfCreditContract());
    register("lc:", new LetterOfCreditContract());
    register("network:", new NetworkContract());
  }

  private void register(String prefix, ContractInterface contract) {
    for (Method method : contract.getClass().getMethods()) {
      if (method.isAnnotationPresent(Transaction.class)) {
        transactions.put(prefix + method.getName(), new Target(contract, method));
      }
    }
  }

  /** Runs {@code function} on {@code stub}; chaincode errors propagate unchanged. */
  public String invoke(ChaincodeStub stub, String function, String... args) {
    Target target = transactions.get(function);
    if (target == null || target.method().getParameterCount() != args.length + 1) {
      throw new IllegalArgumentException(
          "no transaction " + function + " with " + args.length + " arguments");
    }
    Object[] params = new Object[args.length + 1];
    params[0] = new Context(stub);
    System.arraycopy(args, 0, params, 1, args.length);
    try {
      return (String) target.method().invoke(target.contract(), params);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
