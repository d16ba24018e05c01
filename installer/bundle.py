"""What goes into the bundle, in one place: read by lianhu.spec, build.py and the tests.

Plain data and small functions; importing this needs neither PyInstaller nor Qt.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lianhu_desktop"

GUI_EXE = "联户通"  # windowed: no console window on Windows
CLI_EXE = "lianhu"  # console: the command line and scripts
BUNDLE_DIR = "lianhu"  # the one folder holding both executables and _internal/
# Size budgets on Linux (MB of 10^6 bytes): the one-folder bundle without the
# fonts, and the fonts (resources/fonts: the CJK font and the HanaMin fallback
# for rare characters, 41 MB, of which HanaMin B alone is 30 MB). The program
# without the fonts weighed 147.2 MB (x86-64, PySide6 6.11.3) before the
# PostgreSQL driver; psycopg's binary wheel brought libpq with its own OpenSSL,
# Kerberos and LDAP libraries (10.3 MB), for 158.8 MB. Qt's ICU data trimmed
# (32.0 to 7.6 MB, installer/icu_data.py) and one OpenSSL instead of two
# (5.4 MB, shared_openssl below) bring it to 129.0 MB.
SIZE_BUDGET_MB = 150
FONT_BUDGET_MB = 45
FONTS = "resources/fonts"

# Data files of dependencies left out: python-stdnum's number databases other
# than China's (only stdnum.cn.ric is used; it reads stdnum/cn/loc.dat), and
# pypinyin's phrase table (2.5 MB; lianhu_desktop.pinyin loads pypinyin without
# it and reads resources/pinyin/phrases.txt).
EXCLUDED_DATA = ("stdnum/*.dat", "pypinyin/phrases_dict.json")

# Qt modules the program imports (checked against the code by a test); every
# other PySide6 module is left out of the bundle.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")
EXCLUDED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets",
    "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Qt plugins left out, as patterns on their path below Qt's plugins folder.
# Kept: platforms xcb (Linux desktops, XWayland too), windows, offscreen (smoke
# tests), the print support plugin, input contexts (Chinese input methods on
# Linux) and the desktop portal theme. The window icon is PNG
# (no SVG or other image format plugins needed): Qt reads PNG by itself.
EXCLUDED_QT_PLUGINS = (
    "imageformats/*", "iconengines/*", "vectorimageformats/*",
    "platforms/*eglfs*", "platforms/*linuxfb*", "platforms/*minimal*", "platforms/*vnc*",
    "platforms/*vkkhrdisplay*", "platforms/*direct2d*",
    "egldeviceintegrations/*", "generic/*", "networkinformation/*", "tls/*", "sqldrivers/*",
    "qmllint/*", "qmltooling/*", "designer/*", "wayland-graphics-integration-server/*",
    "platforminputcontexts/*virtualkeyboard*",
    # GTK's theme would pull cairo, pango and GTK's libraries into the bundle and
    # load them against the desktop's own GTK; Qt's own look is used instead.
    "platformthemes/*gtk3*",
    # Wayland (3 MB with QtWaylandClient and QtOpenGL): Linux desktops run the
    # program through XWayland with the xcb plugin.
    "platforms/*wayland*", "wayland-*/*",
    # OpenGL for X11 windows (with QtOpenGL): the program draws widgets only.
    "xcbglintegrations/*",
)

# Shared libraries left out, with whatever only they need:
# - libcups (Linux) is the desktop's own, used from the system: it talks to the
#   local print server and would bring its own TLS and Kerberos stack (9 MB);
#   without it installed, Qt still prints to PDF;
# - libdbus-1 (Linux), the desktop's message bus client, likewise from the
#   system (every Linux desktop has it): with it go systemd's and libgcrypt's
#   libraries it links (3 MB);
# - Qt's OpenGL fallbacks on Windows (software renderer opengl32sw.dll, 20 MB,
#   and ANGLE): the program draws widgets only, never OpenGL.
DROPPED_LIBRARIES = ("libcups.so*", "libdbus-1.so*",
                     "opengl32sw.dll", "d3dcompiler_*.dll", "libegl.dll", "libglesv2.dll")

# Qt's own translations: only Chinese, only the modules the program uses.
QT_TRANSLATIONS = ("qtbase_zh_CN.qm",)

# Python modules the program never reaches (found by the analysis through
# optional imports of its dependencies). Pillow is needed by reportlab for the
# image type only: its codec and font extensions stay out.
EXCLUDED_PYTHON_MODULES = (
    # (ssl stays: python-stdnum's util imports it, though the program never goes online.)
    "tkinter", "_tkinter", "unittest", "pytest", "hypothesis", "pypdf", "readline", "pydoc_data",
    # Codecs of other languages' legacy encodings (Chinese GBK stays), and the C
    # decimal module (peewee imports decimal; the pure-Python one serves).
    "_codecs_jp", "_codecs_kr", "_codecs_tw", "_codecs_hk", "_codecs_iso2022", "_decimal",
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms",
    "PIL.ImageCms", "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt",
    # setuptools and its pkg_resources (1.5 MB with the packaging, jaraco and
    # distutils they bring, and a start-up hook importing pkg_resources):
    # python-stdnum falls back on pkg_resources only where importlib.resources
    # is missing, which Python 3.11 has.
    "pkg_resources", "setuptools", "_distutils_hack", "distutils", "packaging",
    # charset_normalizer: reportlab guesses the encoding of an XMP metadata
    # file with it; the program gives reportlab no such file.
    "charset_normalizer",
    # doctest and pdb: reportlab runs its doctests when a module is run as a script.
    "doctest", "pdb",
)


def gui_exe_is_link(platform: str = sys.platform) -> bool:
    """Whether the window's executable is a link to the console one: off Windows
    the two would be the same bytes (a windowed executable is a Windows and
    macOS matter), the PYZ archive of every Python module twice."""
    return platform != "win32" and platform != "darwin"


# Modules imported only inside strings, which the analysis cannot see:
# reportlab loads its C accelerators (the rl-accel package) by exec().
HIDDEN_IMPORTS = ("_rl_accel",)


def version() -> str:
    """The program's version, from pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def package_modules() -> list[str]:
    """Every module of lianhu_desktop in the source tree (resources/ is data, not code)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def loaded_by_name() -> list[str]:
    """Modules the program imports by a name in a string (importlib), which an
    import analysis cannot follow: every ``"lianhu_desktop.x"`` literal that names
    a module, plus the numbered migrations found with pkgutil."""
    modules = set(package_modules())
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in modules:
                found.add(node.value)
    found.update(name for name in modules if name.startswith("lianhu_desktop.store.migrations.m"))
    return sorted(found)


def qt_modules_in(source: str) -> set[str]:
    """The PySide6 modules (QtCore, …) a piece of Python source imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "PySide6":
                names = [f"PySide6.{alias.name}" for alias in node.names]
        found.update(name.split(".")[1] for name in names if name.startswith("PySide6."))
    return found


def modules_in(source: str) -> set[str]:
    """The absolute module names a piece of Python source imports, wherever the
    import stands (in a function too): ``import a.b`` gives a.b, ``from a import
    b`` gives a and a.b (b may be a submodule)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def modules_imported() -> set[str]:
    """Every module name imported anywhere in lianhu_desktop."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found |= modules_in(path.read_text(encoding="utf-8"))
    return found


def python_module_excluded(name: str) -> bool:
    """Whether a module is left out: on the list, or inside a package on it."""
    return any(name == excluded or name.startswith(f"{excluded}.") for excluded in EXCLUDED_PYTHON_MODULES)


def qt_modules_imported() -> set[str]:
    """The PySide6 modules imported anywhere in lianhu_desktop."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found |= qt_modules_in(path.read_text(encoding="utf-8"))
    return found


def plugin_excluded(relative: str) -> bool:
    """Whether a Qt plugin (path below the plugins folder, with /) is left out."""
    return any(fnmatch.fnmatch(relative, pattern) for pattern in EXCLUDED_QT_PLUGINS)


def library_dropped(name: str) -> bool:
    """Whether a shared library (its file name) is left out of the bundle."""
    return any(fnmatch.fnmatch(name.lower(), pattern) for pattern in DROPPED_LIBRARIES)


def icu_data_library(name: str, platform: str = sys.platform) -> bool:
    """Whether a library (its file name) is Qt's ICU data, trimmed for the bundle
    (installer/icu_data.py): Linux only, Windows' Qt uses the system's ICU."""
    return platform.startswith("linux") and fnmatch.fnmatch(name.lower(), "libicudata.so.*")


# OpenSSL twice on Linux: Python's ssl and hashlib link the system's libssl.so.3
# and libcrypto.so.3 (5.4 MB), psycopg's libpq its own newer copy
# (libssl-<hash>.so.3, libcrypto-<hash>.so.3, 6.9 MB). OpenSSL 3 keeps its ABI
# across 3.x releases, so what was built against 3.0 runs on a later 3.x: the
# bundle keeps psycopg's copy when it is not older, and Python's names become
# links to it. (cryptography carries its own OpenSSL inside its extension.)
OPENSSL_LIBRARIES = ("libssl", "libcrypto")


def openssl_version(library: bytes) -> tuple[int, ...] | None:
    """OpenSSL's version in one of its libraries (the "OpenSSL 3.5.9 ..." string), or None."""
    found = re.search(rb"OpenSSL (\d+)\.(\d+)\.(\d+)[ -]", library)
    return tuple(int(part) for part in found.groups()) if found else None


def shared_openssl(libraries: dict, read) -> dict:
    """Python's OpenSSL libraries to replace by psycopg's: {python's file name: psycopg's entry}.

    ``libraries`` maps lower-case file names to the analysis' entries, ``read``
    gives an entry's bytes. Empty when either pair is incomplete, or libcrypto
    (which carries the version of the pair) differs in its major version or is
    older in psycopg's copy."""
    shared = {}
    for base in OPENSSL_LIBRARIES:
        theirs = [e for n, e in libraries.items() if re.fullmatch(rf"{base}-[0-9a-f]+\.so\.3", n)]
        if f"{base}.so.3" not in libraries or len(theirs) != 1:
            return {}
        shared[f"{base}.so.3"] = theirs[0]
    mine = openssl_version(read(libraries["libcrypto.so.3"]))
    other = openssl_version(read(shared["libcrypto.so.3"]))
    if mine is None or other is None or mine[0] != other[0] or other < mine:
        return {}
    return shared


def data_excluded(dest: str) -> bool:
    """Whether a data file (its path in the bundle, with /) is left out."""
    return any(fnmatch.fnmatch(dest, pattern) and dest.count("/") == pattern.count("/")
               for pattern in EXCLUDED_DATA)
