import Foundation
import LabRunner

/// A stand-in for `python3`, pip, uv and a venv's python, as shell scripts in a scratch folder, so that
/// the installer's logic runs without the network. Every call is appended to `calls`.
struct FakePython {
    let scratch: ScratchDirectory

    /// The fake `python3` to give the installer.
    var python3: String { scratch.file("python3") }

    /// The lines the fakes recorded, one per call.
    var calls: [String] {
        ((try? scratch.read("calls")) ?? "").split(separator: "\n").map(String.init)
    }

    /// Makes pip and uv fail on `litellm[proxy]==V` the way they do when the extra names unserved packages.
    func makeProxyExtraUnserved() { touch("extra-unserved") }

    /// Makes `pip install uv` fail, so the installer falls back to pip.
    func makeUvUninstallable() { touch("uv-unavailable") }

    /// What `pip config list` prints.
    func setPipConfig(_ text: String) throws {
        try text.write(toFile: scratch.file("pip-config"), atomically: true, encoding: .utf8)
    }

    /// Makes every `pip install` and `uv pip install` fail, or work again.
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
        // Installs fail as pip and uv say it: a requirement nobody serves, or an unserved companion.
        try write(
            "install-outcome",
            """
            #!/bin/sh
            case "$*" in *"uvicorn==99"*)
                echo "  cause: Because there is no version of uvicorn==99 and litellm[proxy]==1.61.20 depends on uvicorn==99, we can conclude that litellm[proxy]==1.61.20 cannot be used." >&2
                exit 1;;
            esac
            case "$*" in *"litellm[proxy]=="*)
                if [ -e "\(root)/extra-unserved" ]; then
                    echo "ERROR: No matching distribution found for litellm-proxy==1.110.2" >&2
                    exit 1
                fi;;
            esac
            if [ -e "\(root)/pip-breaks" ]; then echo "ERROR: pip broke" >&2; exit 1; fi
            printf '#!/bin/sh\\n' > "$BIN/litellm"; chmod +x "$BIN/litellm"
            """)
        try write(
            "venv-pip",
            """
            #!/bin/sh
            echo "pip $*" >> "\(root)/calls"
            case "$*" in
                "install --disable-pip-version-check -q uv")
                    if [ -e "\(root)/uv-unavailable" ]; then echo "ERROR: No matching distribution found for uv" >&2; exit 1; fi
                    cp "\(root)/venv-uv" "$(dirname "$0")/uv"; exit 0;;
            esac
            case "$1" in
                install) BIN="$(dirname "$0")" exec "\(root)/install-outcome" "$@";;
                config) cat "\(root)/pip-config" 2>/dev/null || true;;
                --version) echo "pip 23.2.1 from /somewhere (python 3.11)";;
                index) echo "litellm (1.110.2)"; echo "Available versions: 1.111.0rc1, 1.110.2, 1.82.8, 1.61.20";;
            esac
            """)
        try write(
            "venv-uv",
            """
            #!/bin/sh
            echo "uv $*" >> "\(root)/calls"
            case "$1" in
                --version) echo "uv 0.13.9 (fake)"; echo "uv-env UV_DEFAULT_INDEX=$UV_DEFAULT_INDEX SSL_CERT_FILE=$SSL_CERT_FILE" >> "\(root)/calls";;
                venv) mkdir -p "$4/bin"; cp "\(root)/venv-python" "$4/bin/python";;
                pip) BIN="$(dirname "$4")" exec "\(root)/install-outcome" "$@";;
            esac
            """)
        try write(
            "venv-python",
            """
            #!/bin/sh
            echo "python $1" >> "\(root)/calls"
            case "$2" in *"requires('litellm')"*)
                echo "httpx>=0.23.0"
                echo "litellm-proxy==1.110.2 ; extra == 'proxy'"
                echo "gunicorn>=23.0.0,<24.0 ; extra == 'proxy'"
                echo "litellm-proxy-extras==0.4.114.post1 ; extra == 'proxy'"
                exit 0;;
            esac
            echo '{"freeze": ["litellm==1.61.20", "openai==1.61.0", "uvicorn==0.32.1", "zipp==3.0"],'
            echo ' "broken": [{"package": "litellm", "version": "1.61.20", "requirement": "uvicorn<0.30.0,>=0.29.0",'
            echo '   "extra": "proxy", "installed": "0.32.1"}]}'
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

/// What installer tests start from: a ``FakePython``, and an installer using it with its cache and log in the
/// fake's scratch folder, all removed afterwards. Suites subclass it.
class InstallerFixture {
    let fake: FakePython
    let installer: LiteLLMInstaller
    let log: String

    init() throws {
        fake = try FakePython()
        installer = LiteLLMInstaller(cacheRoot: fake.scratch.file("cache"), python: fake.python3)
        log = fake.scratch.file("install.log")
    }

    deinit {
        fake.scratch.remove()
    }
}
