import Diagnostics
import Evaluator
import Foundation

/// Slots that concurrent iterations fill, each its own.
final class ConcurrentResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> T? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [T] { lock.withLock { slots.map { $0! } } }
}
