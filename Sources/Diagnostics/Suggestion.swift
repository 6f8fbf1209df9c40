/// "Did you mean …?" for misspelt names, keys and options, shared by every stage that reports them.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a plausible typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let length = word.count
        let limit = max(1, length / 3)
        var best: (candidate: String, distance: Int)?
        // Each character more or fewer is an edit: a candidate whose length differs by more than `limit`
        // is too far, and its distance (which costs the product of the lengths) is not worked out.
        for candidate in candidates where abs(candidate.count - length) <= limit {
            let d = distance(word, candidate)
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.candidate) {
                best = (candidate, d)
            }
        }
        guard let best, best.distance <= limit else { return nil }
        return best.candidate
    }

    /// "; did you mean 'x'?" for the candidate nearest `word`, or "" when none is near enough.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Edit distance over characters, counting a swap of two neighbours as one edit (the commonest
    /// typo: `titel` for `title`).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

/// Unknown keys of one file, reported one by one up to ``reported``; the next one's error counts the
/// rest, so that a file of thousands of keys gives a short report (each error prints its line) in
/// linear time.
public struct UnknownKeys {
    public static let reported = 10
    /// What the keys are keys of, as messages say it: "front matter key", "site.yml key".
    let kind: String
    let known: [String]
    /// How many unknown keys the file has in all.
    let total: Int
    var seen = 0

    public init(_ kind: String, known: [String], total: Int) {
        self.kind = kind
        self.known = known
        self.total = total
    }

    /// The error for the next unknown key, or nil when it is past the ones reported.
    public mutating func report(_ key: String, at location: SourceLocation?) -> Diagnostic? {
        seen += 1
        guard seen <= Self.reported + 1 else { return nil }
        let unlisted = seen > Self.reported ? total - seen : 0
        return .error(at: location, .unknown(kind, key, known: known, unlisted: unlisted))
    }
}

extension Diagnostic.Message {
    /// For a `word` that is none of `known`: "unknown `kind` 'word'; did you mean '…'? (known: a, b, c)",
    /// and how many more unknown words are `unlisted` after it.
    public static func unknown(_ kind: String, _ word: String, known: [String], unlisted: Int = 0) -> Self {
        let hint = Suggestion.hint(for: word, in: known)
        let more = unlisted > 0 ? "; \(unlisted) more unknown keys after it are not listed" : ""
        return "unknown \(kind) '\(word)'\(hint) (known: \(known.joined(separator: ", ")))\(more)"
    }
}
