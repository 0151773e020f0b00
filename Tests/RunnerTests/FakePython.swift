import Foundation

/// A stand-in for `python3`, pip and a venv's python, as shell scripts in a scratch folder, so that
/// the installer's logic runs without the network. Every call is appended to `calls`.
struct FakePython {
    let scratch: ScratchDirectory

    /// The fake `python3` to give the installer.
    var python3: String { scratch.file("python3") }

    /// The lines the fakes recorded, one per call.
    var calls: [String] {
        ((try? scratch.read("calls")) ?? "").split(separator: "\n").map(String.init)
    }

    /// Makes pip fail on `litellm[proxy]==V` the way it does when the extra names unserved packages.
    func makeProxyExtraUnserved() { touch("extra-unserved") }

    /// Makes every `pip install` fail, or work again.
    func breakPip(_ broken: Bool = true) {
        if broken {
            touch("pip-breaks")
        } else {
            try? FileManager.default.removeItem(atPath: scratch.file("pip-breaks"))
        }
    }

    init() throws {
        scratch = try ScratchDirectory()
        let root = scratch.path
        try write(
            "python3",
            """
            #!/bin/sh
            echo "python3 $*" >> "\(root)/calls"
            mkdir -p "$3/bin"
            cp "\(root)/venv-pip" "$3/bin/pip"
            cp "\(root)/venv-python" "$3/bin/python"
            """)
        try write(
            "venv-pip",
            """
            #!/bin/sh
            echo "pip $*" >> "\(root)/calls"
            case "$*" in *"litellm[proxy]=="*)
                if [ -e "\(root)/extra-unserved" ]; then
                    echo "ERROR: Could not find a version that satisfies the requirement litellm-proxy==1.110.2" >&2
                    echo "ERROR: No matching distribution found for litellm-proxy==1.110.2" >&2
                    exit 1
                fi;;
            esac
            case "$1" in
                install)
                    if [ -e "\(root)/pip-breaks" ]; then echo "ERROR: pip broke" >&2; exit 1; fi
                    printf '#!/bin/sh\\n' > "$(dirname "$0")/litellm"; chmod +x "$(dirname "$0")/litellm";;
                freeze) echo "litellm==1.110.2"; echo "openai==1.61.0";;
                index) echo "litellm (1.110.2)"; echo "Available versions: 1.111.0rc1, 1.110.2, 1.82.8, 1.61.20";;
            esac
            """)
        try write(
            "venv-python",
            """
            #!/bin/sh
            echo "python $1" >> "\(root)/calls"
            echo "httpx>=0.23.0"
            echo "litellm-proxy==1.110.2 ; extra == 'proxy'"
            echo "gunicorn>=23.0.0,<24.0 ; extra == 'proxy'"
            echo "litellm-proxy-extras==0.4.114.post1 ; extra == 'proxy'"
            """)
    }

    private func write(_ name: String, _ script: String) throws {
        try (script + "\n").write(toFile: scratch.file(name), atomically: true, encoding: .utf8)
        chmod(scratch.file(name), 0o755)
    }

    private func touch(_ name: String) {
        _ = FileManager.default.createFile(atPath: scratch.file(name), contents: nil)
    }
}
