// Loading and storing four or eight elements of Double or Float storage as Double lanes. Internal.

/// An element type the kernels work on: Double or Float. All arithmetic is done in Double lanes.
@usableFromInline
protocol KernelElement: BinaryFloatingPoint, Sendable {
    /// Whether the type is Float (the kernels then use the cheaper exp, accurate to 1e-10).
    static var isSingle: Bool { get }
    init(_ v: Double)
    var asDouble: Double { get }
}

extension Double: KernelElement {
    @inlinable static var isSingle: Bool { false }
    @inlinable var asDouble: Double { self }
}

extension Float: KernelElement {
    @inlinable static var isSingle: Bool { true }
    @inlinable var asDouble: Double { Double(self) }
}

@inlinable @inline(__always)
func load4<T: KernelElement>(_ p: UnsafePointer<T>, _ i: Int) -> D4 {
    if T.self == Double.self {
        return UnsafeRawPointer(p + i).loadUnaligned(as: D4.self)
    } else {
        let f = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Float>.self)
        return D4(Double(f[0]), Double(f[1]), Double(f[2]), Double(f[3]))
    }
}

@inlinable @inline(__always)
func store4<T: KernelElement>(_ v: D4, _ p: UnsafeMutablePointer<T>, _ i: Int) {
    if T.self == Double.self {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: D4.self)
    } else {
        let f = SIMD4<Float>(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]))
        UnsafeMutableRawPointer(p + i).storeBytes(of: f, as: SIMD4<Float>.self)
    }
}

/// `V.scalarCount` elements at `i` as Double lanes.
@inlinable @inline(__always)
func loadLanes<T: KernelElement, V: SIMD>(_ p: UnsafePointer<T>, _ i: Int, as: V.Type) -> V where V.Scalar == Double {
    if T.self == Double.self { return UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
    var v = V()
    for j in v.indices { v[j] = p[i + j].asDouble }
    return v
}

@inlinable @inline(__always)
func storeLanes<T: KernelElement, V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<T>, _ i: Int) where V.Scalar == Double {
    if T.self == Double.self {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self)
    } else {
        for j in v.indices { p[i + j] = T(v[j]) }
    }
}

/// Loads the `count < 4` elements at `i`, padding the other lanes with `pad`.
@inlinable @inline(__always)
func loadPartial<T: KernelElement>(_ p: UnsafePointer<T>, _ i: Int, _ count: Int, pad: Double) -> D4 {
    var v = D4(repeating: pad)
    for k in 0..<count { v[k] = p[i + k].asDouble }
    return v
}

@inlinable @inline(__always)
func storePartial<T: KernelElement>(_ v: D4, _ p: UnsafeMutablePointer<T>, _ i: Int, _ count: Int) {
    for k in 0..<count { p[i + k] = T(v[k]) }
}

/// A pointer that may cross into the worker closures of `concurrentPerform`; each worker
/// touches a disjoint range.
@usableFromInline
struct SharedPointer<T>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<T>
    @inlinable init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// A value handed to the worker closures of `concurrentPerform`; the kernels guarantee that
/// workers only touch disjoint ranges.
@usableFromInline
struct UncheckedBox<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
}
