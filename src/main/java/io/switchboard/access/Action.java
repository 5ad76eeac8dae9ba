package io.switchboard.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a rule is about: the first six concern a collection, the last three a channel namespace. */
public enum Action {
  LIST, READ, CREATE, UPDATE, DELETE, SUBSCRIBE, PUBLISH, PRESENCE;

  /** The actions a collection's rules name. */
  static final Set<Action> COLLECTION = EnumSet.of(LIST, READ, CREATE, UPDATE, DELETE, SUBSCRIBE);
  /** The actions a channel namespace's rules name. */
  static final Set<Action> CHANNEL = EnumSet.of(SUBSCRIBE, PUBLISH, PRESENCE);

  /** The name in a rules file. */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code owner} makes sense for it: acting on documents that already have one. */
  boolean onDocuments() {
    return this != CREATE && this != PUBLISH && this != PRESENCE;
  }
}
