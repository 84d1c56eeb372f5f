package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.Caller;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;

/** Who is calling, from the transaction creator's certificate and the network configuration. */
final class Callers {
  private Callers() {}

  static Caller resolve(Context ctx, NetworkConfig config) {
    ClientIdentity id = ctx.getClientIdentity();
    String msp = id.getMSPID();
    return new Caller(config.branchOf(msp).orElse(null), msp, config.isAuditor(msp, id.getId()));
  }

  /**
   * A network admin is an identity with the {@code admin} organisational unit (Fabric NodeOUs) of
   * an admin MSP; before the network is configured, any organisation's admin may configure it.
   */
  static void requireNetworkAdmin(Context ctx, NetworkConfig config) {
    ClientIdentity id = ctx.getClientIdentity();
    boolean adminMsp = config == null || config.adminMspIds().contains(id.getMSPID());
    if (!adminMsp || !hasAdminUnit(id)) {
      throw new LcException(
          ErrorCode.NOT_AUTHORIZED, "only a network admin of an admin MSP may change the network");
    }
  }

  private static boolean hasAdminUnit(ClientIdentity id) {
    try {
      LdapName subject = new LdapName(id.getX509Certificate().getSubjectX500Principal().getName());
      for (Rdn rdn : subject.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("OU") && "admin".equals(rdn.getValue())) {
          return true;
        }
      }
      return false;
    } catch (InvalidNameException e) {
      return false;
    }
  }
}
