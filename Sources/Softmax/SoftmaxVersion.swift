/// The library's behaviour as pages see it, for caches of what pages computed.
public enum SoftmaxVersion {
    /// Bump whenever a result may change (a kernel, a formula, an accuracy fix), so that cached pages
    /// are evaluated again.
    public static let behaviour = "softmax-7"
}
