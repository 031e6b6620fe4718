package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Run ids are UUIDs of version 7: unique, and in the order they were made, as text. */
class RunIdsTest {

  @Test
  void idsAreVersion7UniqueAndInTheOrderTheyWereMade() {
    long before = System.currentTimeMillis();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(RunIds.next());
    }
    long after = System.currentTimeMillis();
    assertEquals(10_000, new HashSet<>(ids).size(), "unique");
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(
          ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " before " + ids.get(i));
    }
    UUID first = UUID.fromString(ids.get(0));
    assertEquals(7, first.version());
    assertEquals(2, first.variant());
    long millis = first.getMostSignificantBits() >>> 16;
    assertTrue(millis >= before && millis <= after, "the time it was made: " + millis);
    assertEquals(36, ids.get(0).length());
  }
}
