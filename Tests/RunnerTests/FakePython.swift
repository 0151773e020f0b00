import Foundation
@testable import LabInstalls

/// A stand-in for `python3`, pip, uv and a venv's python, as shell scripts in a scratch folder, so that
/// the installer's logic runs without the network. Every call is appended to `calls`. An install of a lock
/// leaves `litellm/router.py` (`router = 1`) in the venv's site-packages.
struct FakePython {
    let scratch: ScratchDirectory

    /// The fake `python3` to give the installer.
    var python3: String { scratch.file("python3") }

    /// The lines the fakes recorded, one per call.
    var calls: [String] {
        ((try? scratch.read("calls")) ?? "").split(separator: "\n").map(String.init)
    }

    /// Makes an installed venv hold one package its lock does not list.
    func makeInstallsDiffer() { touch("installs-extra") }

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
            if [ "$1" = "-c" ]; then echo "3.11"; exit 0; fi
            mkdir -p "$3/bin"
            cp "\(root)/venv-pip" "$3/bin/pip"
            cp "\(root)/venv-python" "$3/bin/python"
            """)
        // Resolutions and installs fail as pip and uv say it: a requirement nobody serves, an unserved
        // companion, a broken index, a release not yet published as of the day in `unpublished-before`. A resolution (`uv pip compile ... REQUIREMENTS -o LOCK`) pins what the
        // requirements name (`litellm @ file://...` as given) and openai, uvicorn, zipp; an install of a lock
        // (`-r LOCK`) records its pins where the venv's python reads them (a file's build is litellm 1.61.20).
        try write(
            "install-outcome",
            """
            #!/bin/sh
            if [ -e "\(root)/pip-breaks" ]; then echo "ERROR: pip broke" >&2; exit 1; fi
            previous=""; requirements=""; lock=""; out=""
            for word in "$@"; do
                case "$previous" in -r) lock="$word";; -o) out="$word";; esac
                case "$word" in *.in) requirements="$word";; esac
                previous="$word"
            done
            if [ -n "$requirements" ]; then
                if [ -e "\(root)/unpublished-before" ]; then
                    case "$*" in *"--exclude-newer $(cat "\(root)/unpublished-before")"*)
                        echo "  ╰─▶ Because there is no version of $(grep '^litellm' "$requirements") and you require it, we can conclude that your requirements are unsatisfiable." >&2
                        exit 1;;
                    esac
                fi
                case "$(cat "$requirements")" in *"uvicorn==99"*)
                    echo "  cause: Because there is no version of uvicorn==99 and litellm[proxy]==1.61.20 depends on uvicorn==99, we can conclude that litellm[proxy]==1.61.20 cannot be used." >&2
                    exit 1;;
                esac
                case "$(cat "$requirements")" in *"litellm[proxy]=="*)
                    if [ -e "\(root)/extra-unserved" ]; then
                        echo "  cause: Because litellm-proxy==1.110.2 was not found in the package registry and litellm[proxy]==1.110.2 depends on litellm-proxy==1.110.2, we can conclude that litellm[proxy]==1.110.2 cannot be used." >&2
                        exit 1
                    fi;;
                esac
                {
                    sed -n 's/^litellm\\[proxy\\]==\\(.*\\)$/litellm==\\1 \\\\/p; s/^litellm==\\(.*\\)$/litellm==\\1 \\\\/p; s/^litellm\\[proxy\\] @ \\(.*\\)$/litellm @ \\1/p' "$requirements"
                    echo "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000"
                    grep -q '^openai==' "$requirements" && grep '^openai==' "$requirements" || echo "openai==1.61.0"
                    grep -q '^uvicorn==' "$requirements" && grep '^uvicorn==' "$requirements" || echo "uvicorn==0.32.1"
                    echo "zipp==3.0"
                } > "$out"
                exit 0
            fi
            if [ -n "$lock" ]; then
                sed -n 's/^\\([a-z][a-z0-9_.-]*==[^ ]*\\).*/\\1/p; s/^litellm @ .*/litellm==1.61.20/p' "$lock" > "$BIN/../installed.txt"
                if [ -e "\(root)/installs-extra" ]; then echo "surprise==1.0" >> "$BIN/../installed.txt"; fi
                # The release's files, for a patch to change.
                mkdir -p "$BIN/../lib/python3.11/site-packages/litellm"
                echo "router = 1" > "$BIN/../lib/python3.11/site-packages/litellm/router.py"
            fi
            printf '#!/bin/sh\\n' > "$BIN/litellm"; chmod +x "$BIN/litellm"
            """)
        try write(
            "venv-pip",
            """
            #!/bin/sh
            echo "pip $*" >> "\(root)/calls"
            case "$*" in
                "install --disable-pip-version-check -q uv==0.13.9")
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
            case "$2" in
                *"requires('litellm')"*)
                    echo "httpx>=0.23.0"
                    echo "litellm-proxy==1.110.2 ; extra == 'proxy'"
                    echo "gunicorn>=23.0.0,<24.0 ; extra == 'proxy'"
                    echo "litellm-proxy-extras==0.4.114.post1 ; extra == 'proxy'"
                    exit 0;;
                *"version_info"*) echo "3.11"; exit 0;;
                *"upload-time"*) echo "2025-02-27T20:55:17.558590Z"; exit 0;;
            esac
            freeze=$(sed 's/.*/"&"/' "$(dirname "$0")/../installed.txt" 2>/dev/null | paste -sd, -)
            echo "{\\"freeze\\": [$freeze],"
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
        installer = LiteLLMInstaller(
            cacheRoot: fake.scratch.file("cache"), python: fake.python3, locksFolder: nil)
        log = fake.scratch.file("install.log")
    }

    deinit {
        fake.scratch.remove()
    }
}
