// Which kernels run: the portable (x86-64 baseline) Swift ones or, on x86-64 processors with AVX2
// and FMA, the C ones in the SoftmaxAVX2 target. Chosen once at run time, so that users need no
// compiler flags; forced for tests and measurements.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// A set of kernels. Softmax (and so `softmaxRows`) in Float and Double has an AVX2 path; the
/// other functions run the portable kernels on either path.
@_spi(KernelPaths)
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The portable Swift kernels, compiled for the platform's baseline.
    case baseline
    /// AVX2 and FMA (x86-64 only).
    case avx2

    public var description: String { rawValue }

    /// Whether this processor can run the path.
    public var isSupported: Bool { self == .baseline || FloatKernelsAVX2.isSupported }

    /// The paths this processor can run, for tests.
    public static var supported: [KernelPath] { allCases.filter(\.isSupported) }

    /// The path used unless `forced`: the best supported one, or the one named by the
    /// environment variable `SOFTMAX_KERNEL_PATH` (`baseline` or `avx2`; read once, ignored
    /// when unsupported).
    public static let automatic: KernelPath = {
        if let name = getenv("SOFTMAX_KERNEL_PATH").map({ String(cString: $0) }),
            let path = KernelPath(rawValue: name), path.isSupported
        {
            return path
        }
        return FloatKernelsAVX2.isSupported ? .avx2 : .baseline
    }()

    /// A path for the calls made inside `$forced.withValue(_:operation:)` (tests), read once per
    /// call on the calling task; unsupported paths fall back to `automatic`.
    @TaskLocal public static var forced: KernelPath?

    /// The path for a call starting now.
    static var current: KernelPath {
        if let path = forced, path.isSupported { return path }
        return automatic
    }
}

/// Whether a call starting now takes the AVX2 path (for the inlinable kernels, which can't name
/// an SPI type).
@usableFromInline func currentPathIsAVX2() -> Bool { KernelPath.current == .avx2 }

/// The calling task's forced path, carried to the worker threads of `Kernels.forEachPart`:
/// task-locals don't cross into Dispatch's threads, and row-wise calls pick the path there.
@usableFromInline
struct CapturedKernelPath: Sendable {
    let forced: KernelPath?

    @usableFromInline init() { forced = KernelPath.forced }

    /// Runs `body` with the captured path forced again (on a worker thread).
    @usableFromInline func run(_ body: () -> Void) {
        guard let forced else { return body() }
        KernelPath.$forced.withValue(forced) { body() }
    }
}
