/// A variable's storage.
struct Slot {
    enum State {
        case value(Value)
        /// Declared without a value (`var total: Double`); assigned later.
        case uninitialized
        /// Its declaration failed; uses stop silently, so one mistake is reported once.
        case poisoned
    }

    var state: State
    var type: TypeRef
    var isVar: Bool
    /// The run (block) that declared it; top-level names may be declared again in a later block.
    var block: Int
}

/// A lexical scope. Closures capture their scope by reference, as Swift closures capture variables.
final class Scope {
    let parent: Scope?
    var slots: [String: Slot] = [:]

    init(parent: Scope?) {
        self.parent = parent
    }

    /// The scope that holds `name`, nearest first.
    func owner(of name: String) -> Scope? {
        var scope: Scope? = self
        while let current = scope {
            if current.slots[name] != nil { return current }
            scope = current.parent
        }
        return nil
    }

    /// Every visible name, for "did you mean" suggestions.
    var visibleNames: Set<String> {
        var names: Set<String> = []
        var scope: Scope? = self
        while let current = scope {
            names.formUnion(current.slots.keys)
            scope = current.parent
        }
        return names
    }
}
