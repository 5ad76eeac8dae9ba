package io.switchboard.session;

import io.switchboard.model.Cursor;
import io.switchboard.model.Topic;
import java.util.List;

/** An accepted subscription: its name, its topics and the cursor its events follow. */
public record Subscribed(String sub, List<Topic> topics, Cursor from) {}
