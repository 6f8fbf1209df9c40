/// "Did you mean …?" for misspelt names, keys and options, shared by every stage that reports them.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a plausible typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.candidate) {
                best = (candidate, d)
            }
        }
        guard let best, best.distance <= max(1, word.count / 3) else { return nil }
        return best.candidate
    }

    /// Levenshtein distance over characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
