package io.switchboard.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a streaming transport's writes (made on a session's writer thread) off a response the
 * container has already ended. A container may recycle the request and response objects for
 * another connection as soon as its async callbacks return: Tomcat does so after a failed write on
 * our thread made it dispatch the error to one of its own threads, and a writer still inside
 * Jersey's or the container's output code at that moment would store its failure on the next
 * connection's response, which then goes silent. So every use of the response runs between
 * {@link #enter} and {@link #exit}, and the container's {@code onComplete}/{@code onError}/
 * {@code onTimeout} callback waits for a use in flight to end, then shuts the fence for good.
 */
public final class ResponseFence implements AsyncListener {
  private final Lock lock = new ReentrantLock();
  private boolean released;

  /**
   * A fence listening to the request's async context, which Jersey has started before the
   * resource method runs (for an injected {@code SseEventSink} or an {@code @Suspended} response).
   * Call it on the request thread, before the first frame is offered.
   */
  public static ResponseFence of(HttpServletRequest request) {
    ResponseFence fence = new ResponseFence();
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(fence);
    }
    return fence;
  }

  /** Enters a use of the response; false (and not entered) once the container ended it. */
  public boolean enter() {
    lock.lock();
    if (released) {
      lock.unlock();
      return false;
    }
    return true;
  }

  /** Ends a use begun by a successful {@link #enter}. */
  public void exit() {
    lock.unlock();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    release();
  }

  @Override
  public void onError(AsyncEvent event) {
    release();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    release();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Jersey starts the async context once; there is nothing to re-register.
  }

  private void release() {
    lock.lock();
    try {
      released = true;
    } finally {
      lock.unlock();
    }
  }
}
