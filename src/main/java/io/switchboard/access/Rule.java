package io.switchboard.access;

import io.switchboard.model.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do one thing: a list of grants, any of which admits a caller. A grant is
 * {@code everyone}, {@code authenticated}, {@code owner} (the document's owner; documents only) or
 * {@code role:<name>}; no grant ({@code nobody}) admits only admins, whom every rule admits.
 *
 * @param grants the grants as written, e.g. {@code ["owner", "role:moderator"]}
 */
public record Rule(List<String> grants) {
  static final String EVERYONE = "everyone";
  static final String AUTHENTICATED = "authenticated";
  static final String OWNER = "owner";
  static final String NOBODY = "nobody";
  private static final String ROLE = "role:";
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public Rule {
    grants = List.copyOf(grants);
  }

  static Rule of(String... grants) {
    return new Rule(List.of(grants));
  }

  /**
   * Parses a rule from its written form: one grant, or a list of them; {@code nobody} (alone) and
   * the empty list admit admins only. {@code owner} is refused where {@code documents} is false.
   */
  static Rule parse(Object written, String where, boolean documents) {
    List<?> items = written instanceof List<?> list ? list : List.of(written == null ? "" : written);
    List<String> grants = new ArrayList<>();
    for (Object item : items) {
      String grant = item instanceof String s ? s : "";
      boolean known = Set.of(EVERYONE, AUTHENTICATED, OWNER).contains(grant)
          || grant.startsWith(ROLE) && ROLE_NAME.matcher(grant.substring(ROLE.length())).matches();
      if (grant.equals(NOBODY) && items.size() == 1) {
        continue;
      }
      if (!known || grant.equals(OWNER) && !documents) {
        throw AccessRules.invalid(where, "holds '" + item + "', which is not a grant here; use "
            + (documents ? "everyone, authenticated, owner" : "everyone, authenticated") + ", role:<name> or nobody");
      }
      grants.add(grant);
    }
    return new Rule(grants);
  }

  /** The written form: a single grant as a string, several as a list, none as {@code nobody}. */
  Object written() {
    return grants.isEmpty() ? NOBODY : grants.size() == 1 ? grants.get(0) : grants;
  }

  /** Whether {@code who} may do it to a document owned by {@code owner} ({@code null}: no owner, or not a document). */
  public boolean allows(Identity who, String owner) {
    if (who.hasRole(Identity.ADMIN)) {
      return true;
    }
    for (String grant : grants) {
      if (grant.equals(EVERYONE)
          || grant.equals(AUTHENTICATED) && !who.anonymous()
          || grant.equals(OWNER) && owner != null && !who.anonymous() && owner.equals(who.user())
          || grant.startsWith(ROLE) && who.hasRole(grant.substring(ROLE.length()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code who} may do it to some document: {@code owner} admits every authenticated caller here. */
  public boolean admits(Identity who) {
    return allows(who, who.anonymous() ? null : who.user());
  }

  /** Whether {@code who} is admitted only as an owner: what it may list is its own documents. */
  public boolean ownerOnly(Identity who) {
    return admits(who) && !allows(who, null);
  }
}
