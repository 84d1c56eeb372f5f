package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who is who on the network, set by a network-admin transaction at deployment: the branch each MSP
 * ID speaks for, the identities that may read every LC (whole auditor MSPs, or single client IDs as
 * {@code ClientIdentity.getId()} gives them) and the MSPs whose admins may change this
 * configuration and the calendar.
 */
public record NetworkConfig(
    Map<String, String> branches,
    List<String> auditorMspIds,
    List<String> auditorIds,
    List<String> adminMspIds) {
  private static final Pattern BRANCH = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public NetworkConfig {
    branches = branches == null ? Map.of() : new TreeMap<>(branches);
    auditorMspIds = sorted(auditorMspIds);
    auditorIds = sorted(auditorIds);
    adminMspIds = sorted(adminMspIds);
  }

  void validate() {
    require(!branches.isEmpty(), "at least one branch");
    Set<String> msps = new HashSet<>();
    branches.forEach(
        (branch, msp) -> {
          require(BRANCH.matcher(branch).matches(), "branch names are lower-case: " + branch);
          require(msp != null && !msp.isBlank(), "branch " + branch + " needs an MSP ID");
          require(msps.add(msp), "MSP " + msp + " is mapped to two branches");
        });
    require(!adminMspIds.isEmpty(), "at least one admin MSP");
  }

  Optional<String> branchOf(String mspId) {
    return branches.entrySet().stream()
        .filter(e -> e.getValue().equals(mspId))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  String mspOf(String branch) {
    String msp = branches.get(branch);
    if (msp == null) {
      throw new LcException(ErrorCode.UNKNOWN_BRANCH, "not a network branch: " + branch);
    }
    return msp;
  }

  boolean isAuditor(String mspId, String clientId) {
    return auditorMspIds.contains(mspId) || auditorIds.contains(clientId);
  }

  private static List<String> sorted(List<String> values) {
    return values == null ? List.of() : values.stream().sorted().distinct().toList();
  }

  private static void require(boolean condition, String detail) {
    LcException.require(condition, ErrorCode.INVALID_NETWORK_CONFIG, detail);
  }
}
