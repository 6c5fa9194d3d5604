package org.relva.matchmaking.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.relva.core.Refusal;
import org.relva.matchmaking.MatchmakingListener;
import org.relva.matchmaking.PassReport;
import org.relva.matchmaking.Proposal;

/** Records everything a daemon reports. Thread-safe. */
public final class RecordingListener implements MatchmakingListener {
  public final List<PassReport> passes = new CopyOnWriteArrayList<>();
  public final List<List<String>> rejections = new CopyOnWriteArrayList<>();
  public final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  public final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @Override
  public void onPass(PassReport report) {
    passes.add(report);
  }

  @Override
  public void onRejected(Proposal proposal, List<String> violations) {
    rejections.add(violations);
  }

  @Override
  public void onRefused(Proposal proposal, Refusal refusal, String message) {
    refusals.add(refusal);
  }

  @Override
  public void onError(Throwable error) {
    errors.add(error);
  }

  /** Every violation reported, flattened. */
  public List<String> violations() {
    List<String> all = new ArrayList<>();
    rejections.forEach(all::addAll);
    return all;
  }
}
