import Dispatch

/// Runs async work to its end from synchronous code: the helpers' main threads, which only
/// wait, so that the SDK's tasks have the cooperative pool to themselves.
public enum BlockingWait {
    /// The work's result, once it has finished.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        // Detached: top-level code runs on the main actor, which this wait blocks.
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        guard let value = box.value else { preconditionFailure("the task signalled without a value") }
        return value
    }

    /// Carries the result from the task to the waiting thread.
    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
