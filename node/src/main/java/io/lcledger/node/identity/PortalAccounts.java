package io.lcledger.node.identity;

import io.lcledger.node.config.NodeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Who may log in to the web portal: client companies (applicant, beneficiary), each seeing only its
 * own LCs through the branch that serves it, and auditors. Sandbox mode has the well-known sandbox
 * logins; other modes only the configured ones.
 */
@Component
public class PortalAccounts implements UserDetailsService {
  /** A portal account; {@code uscc} and {@code branch} are set for clients. */
  public record Account(String username, String role, String uscc, String branch) {
    public boolean auditor() {
      return "AUDITOR".equals(role);
    }
  }

  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Map<String, String> passwords = new LinkedHashMap<>();

  public PortalAccounts(NodeProperties properties) {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    if (properties.sandbox()) {
      add(
          new Account("applicant", "CLIENT", "91310000132200821H", "shanghai"),
          encoder.encode("applicant"));
      add(
          new Account("beneficiary", "CLIENT", "91321003MA1WCB7N6N", "yangzhou"),
          encoder.encode("beneficiary"));
      add(new Account("auditor", "AUDITOR", null, null), encoder.encode("auditor"));
    }
    for (NodeProperties.PortalUser user : properties.portalUsers()) {
      // a misspelt role would let the user log in to pages that all refuse them
      if (!"CLIENT".equals(user.role()) && !"AUDITOR".equals(user.role())) {
        throw new IllegalStateException(
            "portal user "
                + user.username()
                + ": role must be CLIENT or AUDITOR, not "
                + user.role());
      }
      add(new Account(user.username(), user.role(), user.uscc(), user.branch()), user.password());
    }
  }

  private void add(Account account, String encodedPassword) {
    accounts.put(account.username(), account);
    passwords.put(account.username(), encodedPassword);
  }

  public Optional<Account> find(String username) {
    return Optional.ofNullable(accounts.get(username));
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    Account account = accounts.get(username);
    if (account == null) {
      throw new UsernameNotFoundException("no portal user " + username);
    }
    return User.withUsername(username)
        .password(passwords.get(username))
        .roles(account.role())
        .build();
  }
}
