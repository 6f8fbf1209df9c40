@_spi(KernelPaths) import Softmax
import Testing

/// Runs each test case once on every kernel path this processor supports (see KernelPath.swift),
/// so that the accuracy and edge-case tests check the AVX2 kernels as well as the baseline ones.
/// Expectation messages don't name the path; the tests that print a summary print `kernelPathName`.
struct EveryKernelPath: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // The whole test or suite (no case): its cases come here one by one.
        guard testCase != nil else { return try await function() }
        for path in KernelPath.supported {
            try await KernelPath.$forced.withValue(path) { try await function() }
        }
    }
}

extension Trait where Self == EveryKernelPath {
    /// Each test case once per supported kernel path.
    static var everyKernelPath: Self { Self() }
}

/// The kernel path forced for the running test case, for printed summaries.
var kernelPathName: String { KernelPath.forced?.rawValue ?? "automatic" }
