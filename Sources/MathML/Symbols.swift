/// What a symbol command such as `\alpha` or `\le` becomes.
enum Symbol: Sendable {
    /// `<mi>`: italic when it is a single letter (browsers do that for one-character `<mi>`).
    case identifier(String)
    /// `<mi mathvariant="normal">`: upright capital Greek, `\nabla`.
    case upright(String)
    /// `<mo>`: relations, binary operators, arrows, dots, punctuation.
    case op(String)
    /// `<mo>` that may also be a `\left`/`\right`/`\big` delimiter; stretchy="false" when bare.
    case fence(String)
    /// A large operator `<mo>` (∑, ∫) and where its limits go.
    case largeOp(String, Limits)
    /// A named function `<mi>` (sin, lim) followed by U+2061 FUNCTION APPLICATION.
    case function(String, Limits)
}

enum Symbols {
    static let table: [String: Symbol] = {
        var t: [String: Symbol] = [:]
        for (name, char) in greekLower { t[name] = .identifier(char) }
        for (name, char) in greekUpper { t[name] = .upright(char) }
        for (name, char) in ordinary { t[name] = .identifier(char) }
        t["nabla"] = .upright("∇")
        for (name, char) in operators { t[name] = .op(char) }
        for (name, char) in delimiterCommands { t[name] = .fence(char) }
        for (name, char) in largeOperators { t[name] = .largeOp(char, name.hasSuffix("int") ? .beside : .displayOnly) }
        for name in functionsBeside { t[name] = .function(name, .beside) }
        for name in functionsWithLimits { t[name] = .function(name, .displayOnly) }
        t["liminf"] = .function("lim\u{2009}inf", .displayOnly)
        t["limsup"] = .function("lim\u{2009}sup", .displayOnly)
        t["varliminf"] = .function("lim\u{2009}inf", .displayOnly)
        t["varlimsup"] = .function("lim\u{2009}sup", .displayOnly)
        return t
    }()

    static let greekLower: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "varkappa": "ϰ", "lambda": "λ",
        "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ",
        "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "digamma": "ϝ",
    ]

    static let greekUpper: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    static let ordinary: [String: String] = [
        "partial": "∂", "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "hslash": "ℏ", "emptyset": "∅", "varnothing": "∅",
        "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "beth": "ℶ", "wp": "℘", "top": "⊤", "bot": "⊥", "imath": "ı",
        "jmath": "ȷ", "angle": "∠", "triangle": "△", "Box": "□", "square": "□", "complement": "∁",
        "dagger": "†", "ddagger": "‡", "S": "§", "P": "¶", "mho": "℧", "eth": "ð", "flat": "♭",
        "natural": "♮", "sharp": "♯", "clubsuit": "♣", "diamondsuit": "♢", "heartsuit": "♡", "spadesuit": "♠",
        "checkmark": "✓", "degree": "°", "intercal": "⊺", "$": "$", "_": "_", "#": "#", "%": "%",
    ]

    static let operators: [String: String] = [
        // binary operators
        "pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "⋅", "ast": "∗", "star": "⋆", "circ": "∘",
        "bullet": "∙", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙", "oslash": "⊘", "cap": "∩",
        "cup": "∪", "sqcap": "⊓", "sqcup": "⊔", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
        "setminus": "∖", "smallsetminus": "∖", "uplus": "⊎", "wr": "≀", "amalg": "⨿", "diamond": "⋄",
        "bigtriangleup": "△", "bigtriangledown": "▽", "triangleleft": "◃", "triangleright": "▹",
        "cdotp": "⋅", "centerdot": "⋅", "ltimes": "⋉", "rtimes": "⋊", "dotplus": "∔", "&": "&",
        // relations
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "equiv": "≡",
        "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "in": "∈", "notin": "∉", "ni": "∋",
        "owns": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇", "subsetneq": "⊊",
        "supsetneq": "⊋", "ll": "≪", "gg": "≫", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰",
        "perp": "⊥", "mid": "∣", "nmid": "∤", "parallel": "∥", "nparallel": "∦", "models": "⊨",
        "vdash": "⊢", "dashv": "⊣", "asymp": "≍", "doteq": "≐", "leqslant": "⩽", "geqslant": "⩾",
        "lesssim": "≲", "gtrsim": "≳", "approxeq": "≊", "coloneqq": "≔", "eqqcolon": "≕", "triangleq": "≜",
        "nless": "≮", "ngtr": "≯", "nleq": "≰", "ngeq": "≱", "nsim": "≁", "ncong": "≇", "lll": "⋘",
        "ggg": "⋙", "sqsubseteq": "⊑", "sqsupseteq": "⊒", "bowtie": "⋈", "smile": "⌣", "frown": "⌢",
        "vDash": "⊨", "Vdash": "⊩", "therefore": "∴", "because": "∵", "colon": ":",
        // arrows
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸",
        "iff": "⟺", "mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵", "longleftrightarrow": "⟷",
        "Longrightarrow": "⟹", "Longleftarrow": "⟸", "Longleftrightarrow": "⟺", "longmapsto": "⟼",
        "hookrightarrow": "↪", "hookleftarrow": "↩", "nearrow": "↗", "searrow": "↘", "swarrow": "↙",
        "nwarrow": "↖", "rightharpoonup": "⇀", "rightharpoondown": "⇁", "leftharpoonup": "↼",
        "leftharpoondown": "↽", "rightleftharpoons": "⇌", "leftrightarrows": "⇆", "rightleftarrows": "⇄",
        "twoheadrightarrow": "↠", "rightsquigarrow": "⇝", "leadsto": "⇝", "nrightarrow": "↛",
        "nleftarrow": "↚", "nRightarrow": "⇏",
        // logic
        "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "surd": "√",
        // dots
        "dots": "…", "ldots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "dotsc": "…", "dotsb": "⋯",
        "dotsm": "⋯", "dotsi": "⋯", "dotso": "…", "iddots": "⋰",
        // primes and others
        "prime": "′", "backprime": "‵",
    ]

    /// Delimiters usable after `\left`, `\right`, `\big`…, by command name.
    static let delimiterCommands: [String: String] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]", "langle": "⟨",
        "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|", "|": "‖", "lVert": "‖", "rVert": "‖",
        "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "backslash": "∖",
        "uparrow": "↑", "downarrow": "↓", "updownarrow": "↕", "Uparrow": "⇑", "Downarrow": "⇓",
        "Updownarrow": "⇕", "lgroup": "⟮", "rgroup": "⟯", "ulcorner": "┌", "urcorner": "┐",
        "llcorner": "└", "lrcorner": "┘",
    ]

    /// Delimiters usable after `\left` and friends, by character.
    static let delimiterCharacters: [UInt8: String] = [
        UInt8(ascii: "("): "(", UInt8(ascii: ")"): ")", UInt8(ascii: "["): "[", UInt8(ascii: "]"): "]",
        UInt8(ascii: "|"): "|", UInt8(ascii: "/"): "/", UInt8(ascii: "<"): "⟨", UInt8(ascii: ">"): "⟩",
        UInt8(ascii: "."): "",
    ]

    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
        "bigcup": "⋃", "bigcap": "⋂", "bigvee": "⋁", "bigwedge": "⋀", "bigoplus": "⨁", "bigotimes": "⨂",
        "bigodot": "⨀", "biguplus": "⨄", "bigsqcup": "⨆", "intop": "∫", "smallint": "∫",
    ]

    static let functionsBeside: [String] = [
        "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "dim", "exp", "hom",
        "ker", "lg", "ln", "log", "sec", "sin", "sinh", "tan", "tanh", "sgn", "arccot", "cosec", "sech", "csch",
        "tr", "rank",
    ]

    static let functionsWithLimits: [String] = [
        "det", "gcd", "inf", "lim", "max", "min", "Pr", "sup", "argmax", "argmin",
    ]

    /// Accents: command → (character, stretchy).
    static let accents: [String: (String, Bool)] = [
        "hat": ("ˆ", false), "widehat": ("ˆ", true), "bar": ("¯", false), "overline": ("‾", true),
        "tilde": ("˜", false), "widetilde": ("˜", true), "vec": ("→", false), "dot": ("˙", false),
        "ddot": ("¨", false), "dddot": ("⃛", false), "check": ("ˇ", false), "widecheck": ("ˇ", true),
        "breve": ("˘", false), "acute": ("´", false), "grave": ("`", false), "mathring": ("˚", false),
        "overrightarrow": ("→", true), "overleftarrow": ("←", true), "overleftrightarrow": ("↔", true),
    ]

    /// Spacing commands → width.
    static let spaces: [String: String] = [
        ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
        ";": "0.2778em", "thickspace": "0.2778em", "quad": "1em", "qquad": "2em", "!": "-0.1667em",
        "negthinspace": "-0.1667em", "negmedspace": "-0.2222em", "negthickspace": "-0.2778em", " ": "0.25em",
        "enspace": "0.5em",
    ]

    /// `\big` and friends → (size, role).
    static let bigSizes: [String: (String, String?)] = [
        "big": ("1.2em", nil), "Big": ("1.8em", nil), "bigg": ("2.4em", nil), "Bigg": ("3em", nil),
        "bigl": ("1.2em", "prefix"), "Bigl": ("1.8em", "prefix"), "biggl": ("2.4em", "prefix"),
        "Biggl": ("3em", "prefix"), "bigr": ("1.2em", "postfix"), "Bigr": ("1.8em", "postfix"),
        "biggr": ("2.4em", "postfix"), "Biggr": ("3em", "postfix"), "bigm": ("1.2em", "infix"),
        "Bigm": ("1.8em", "infix"), "biggm": ("2.4em", "infix"), "Biggm": ("3em", "infix"),
    ]

    /// Fonts: command → font.
    static let fonts: [String: Font] = [
        "mathbf": .bold, "mathrm": .roman, "mathit": .italic, "mathcal": .script, "mathscr": .script,
        "mathbb": .doubleStruck, "mathfrak": .fraktur, "mathsf": .sansSerif, "mathtt": .monospace,
        "boldsymbol": .boldItalic, "bm": .boldItalic, "mathnormal": .italic,
    ]

    /// Environments we lay out: name → (left fence, right fence).
    static let matrixFences: [String: (String, String)] = [
        "matrix": ("", ""), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
        "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"), "smallmatrix": ("", ""),
    ]

    /// Every command name the converter knows, for "did you mean" suggestions.
    static let allCommands: [String] = {
        var names = Set(table.keys)
        names.formUnion(accents.keys)
        names.formUnion(spaces.keys.filter { $0.count > 1 })
        names.formUnion(bigSizes.keys)
        names.formUnion(fonts.keys)
        names.formUnion(structural)
        return names.sorted()
    }()

    /// Commands handled by the parser itself.
    static let structural: [String] = [
        "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "sqrt", "left", "right", "middle",
        "text", "textrm", "textit", "mbox", "operatorname", "begin", "end", "tag", "label", "eqref", "ref",
        "notag", "nonumber", "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle", "swift", "not",
        "overset", "underset", "stackrel", "underline", "overbrace", "underbrace", "substack", "pmod", "bmod",
        "mod", "phantom", "textbf", "textit", "textsf", "texttt",
    ]
}
