"""The installer's own Simplified Chinese messages file for Inno Setup 6.

installer/ChineseSimplified.isl must define every message of Inno Setup's English
Default.isl with the same placeholders, so that the wizard shows no English text
and no message loses its file name, version or keyboard key. Inno Setup is not
available here: this reads the file as the compiler would (UTF-8 with a BOM,
INI-style sections, "Name=Value" lines, ";" comments).
"""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
ISL = ROOT / "installer" / "ChineseSimplified.isl"
ISS = ROOT / "installer" / "lianhu.iss"

# The names of the English Default.isl of Inno Setup 6.5 to 6.7 (the same in
# each), in its order, each with:
# the highest %1..%9 argument its English text uses (it uses all below it too),
# the wizard fields it contains ([name], [name/ver], [mb], [gb]), the letter of
# its & keyboard accelerator ("" if none) and how many %n line breaks it has.
# Recorded from Default.isl; a newer Inno Setup's additions go here and into
# the .isl file together.
MESSAGES = (
    ("SetupAppTitle", 0, "", "", 0),
    ("SetupWindowTitle", 1, "", "", 0),
    ("UninstallAppTitle", 0, "", "", 0),
    ("UninstallAppFullTitle", 1, "", "", 0),
    ("InformationTitle", 0, "", "", 0),
    ("ConfirmTitle", 0, "", "", 0),
    ("ErrorTitle", 0, "", "", 0),
    ("SetupLdrStartupMessage", 1, "", "", 0),
    ("LdrCannotCreateTemp", 0, "", "", 0),
    ("LdrCannotExecTemp", 0, "", "", 0),
    ("HelpTextNote", 0, "", "", 0),
    ("LastErrorMessage", 3, "", "", 2),
    ("SetupFileMissing", 1, "", "", 0),
    ("SetupFileCorrupt", 0, "", "", 0),
    ("SetupFileCorruptOrWrongVer", 0, "", "", 0),
    ("InvalidParameter", 1, "", "", 2),
    ("SetupAlreadyRunning", 0, "", "", 0),
    ("WindowsVersionNotSupported", 0, "", "", 0),
    ("WindowsServicePackRequired", 2, "", "", 0),
    ("NotOnThisPlatform", 1, "", "", 0),
    ("OnlyOnThisPlatform", 1, "", "", 0),
    ("OnlyOnTheseArchitectures", 1, "", "", 2),
    ("WinVersionTooLowError", 2, "", "", 0),
    ("WinVersionTooHighError", 2, "", "", 0),
    ("AdminPrivilegesRequired", 0, "", "", 0),
    ("PowerUserPrivilegesRequired", 0, "", "", 0),
    ("SetupAppRunningError", 1, "", "", 2),
    ("UninstallAppRunningError", 1, "", "", 2),
    ("PrivilegesRequiredOverrideTitle", 0, "", "", 0),
    ("PrivilegesRequiredOverrideInstruction", 0, "", "", 0),
    ("PrivilegesRequiredOverrideText1", 1, "", "", 0),
    ("PrivilegesRequiredOverrideText2", 1, "", "", 0),
    ("PrivilegesRequiredOverrideAllUsers", 0, "", "A", 0),
    ("PrivilegesRequiredOverrideAllUsersRecommended", 0, "", "A", 0),
    ("PrivilegesRequiredOverrideCurrentUser", 0, "", "M", 0),
    ("PrivilegesRequiredOverrideCurrentUserRecommended", 0, "", "M", 0),
    ("ErrorCreatingDir", 1, "", "", 0),
    ("ErrorTooManyFilesInDir", 1, "", "", 0),
    ("ExitSetupTitle", 0, "", "", 0),
    ("ExitSetupMessage", 0, "", "", 4),
    ("AboutSetupMenuItem", 0, "", "A", 0),
    ("AboutSetupTitle", 0, "", "", 0),
    ("AboutSetupMessage", 4, "", "", 4),
    ("AboutSetupNote", 0, "", "", 0),
    ("TranslatorNote", 0, "", "", 0),
    ("ButtonBack", 0, "", "B", 0),
    ("ButtonNext", 0, "", "N", 0),
    ("ButtonInstall", 0, "", "I", 0),
    ("ButtonOK", 0, "", "", 0),
    ("ButtonCancel", 0, "", "", 0),
    ("ButtonYes", 0, "", "Y", 0),
    ("ButtonYesToAll", 0, "", "A", 0),
    ("ButtonNo", 0, "", "N", 0),
    ("ButtonNoToAll", 0, "", "O", 0),
    ("ButtonFinish", 0, "", "F", 0),
    ("ButtonBrowse", 0, "", "B", 0),
    ("ButtonWizardBrowse", 0, "", "R", 0),
    ("ButtonNewFolder", 0, "", "M", 0),
    ("SelectLanguageTitle", 0, "", "", 0),
    ("SelectLanguageLabel", 0, "", "", 0),
    ("ClickNext", 0, "", "", 0),
    ("BeveledLabel", 0, "", "", 0),
    ("BrowseDialogTitle", 0, "", "", 0),
    ("BrowseDialogLabel", 0, "", "", 0),
    ("NewFolderName", 0, "", "", 0),
    ("WelcomeLabel1", 0, "[name]", "", 0),
    ("WelcomeLabel2", 0, "[name/ver]", "", 2),
    ("WizardPassword", 0, "", "", 0),
    ("PasswordLabel1", 0, "", "", 0),
    ("PasswordLabel3", 0, "", "", 0),
    ("PasswordEditLabel", 0, "", "P", 0),
    ("IncorrectPassword", 0, "", "", 0),
    ("WizardLicense", 0, "", "", 0),
    ("LicenseLabel", 0, "", "", 0),
    ("LicenseLabel3", 0, "", "", 0),
    ("LicenseAccepted", 0, "", "A", 0),
    ("LicenseNotAccepted", 0, "", "D", 0),
    ("WizardInfoBefore", 0, "", "", 0),
    ("InfoBeforeLabel", 0, "", "", 0),
    ("InfoBeforeClickLabel", 0, "", "", 0),
    ("WizardInfoAfter", 0, "", "", 0),
    ("InfoAfterLabel", 0, "", "", 0),
    ("InfoAfterClickLabel", 0, "", "", 0),
    ("WizardUserInfo", 0, "", "", 0),
    ("UserInfoDesc", 0, "", "", 0),
    ("UserInfoName", 0, "", "U", 0),
    ("UserInfoOrg", 0, "", "O", 0),
    ("UserInfoSerial", 0, "", "S", 0),
    ("UserInfoNameRequired", 0, "", "", 0),
    ("WizardSelectDir", 0, "", "", 0),
    ("SelectDirDesc", 0, "[name]", "", 0),
    ("SelectDirLabel3", 0, "[name]", "", 0),
    ("SelectDirBrowseLabel", 0, "", "", 0),
    ("DiskSpaceGBLabel", 0, "[gb]", "", 0),
    ("DiskSpaceMBLabel", 0, "[mb]", "", 0),
    ("CannotInstallToNetworkDrive", 0, "", "", 0),
    ("CannotInstallToUNCPath", 0, "", "", 0),
    ("InvalidPath", 0, "", "", 6),
    ("InvalidDrive", 0, "", "", 0),
    ("DiskSpaceWarningTitle", 0, "", "", 0),
    ("DiskSpaceWarning", 2, "", "", 2),
    ("DirNameTooLong", 0, "", "", 0),
    ("InvalidDirName", 0, "", "", 0),
    ("BadDirName32", 1, "", "", 2),
    ("DirExistsTitle", 0, "", "", 0),
    ("DirExists", 1, "", "", 4),
    ("DirDoesntExistTitle", 0, "", "", 0),
    ("DirDoesntExist", 1, "", "", 4),
    ("WizardSelectComponents", 0, "", "", 0),
    ("SelectComponentsDesc", 0, "", "", 0),
    ("SelectComponentsLabel2", 0, "", "", 0),
    ("FullInstallation", 0, "", "", 0),
    ("CompactInstallation", 0, "", "", 0),
    ("CustomInstallation", 0, "", "", 0),
    ("NoUninstallWarningTitle", 0, "", "", 0),
    ("NoUninstallWarning", 1, "", "", 6),
    ("ComponentSize1", 1, "", "", 0),
    ("ComponentSize2", 1, "", "", 0),
    ("ComponentsDiskSpaceGBLabel", 0, "[gb]", "", 0),
    ("ComponentsDiskSpaceMBLabel", 0, "[mb]", "", 0),
    ("WizardSelectTasks", 0, "", "", 0),
    ("SelectTasksDesc", 0, "", "", 0),
    ("SelectTasksLabel2", 0, "[name]", "", 0),
    ("WizardSelectProgramGroup", 0, "", "", 0),
    ("SelectStartMenuFolderDesc", 0, "", "", 0),
    ("SelectStartMenuFolderLabel3", 0, "", "", 0),
    ("SelectStartMenuFolderBrowseLabel", 0, "", "", 0),
    ("MustEnterGroupName", 0, "", "", 0),
    ("GroupNameTooLong", 0, "", "", 0),
    ("InvalidGroupName", 0, "", "", 0),
    ("BadGroupName", 1, "", "", 2),
    ("NoProgramGroupCheck2", 0, "", "D", 0),
    ("WizardReady", 0, "", "", 0),
    ("ReadyLabel1", 0, "[name]", "", 0),
    ("ReadyLabel2a", 0, "", "", 0),
    ("ReadyLabel2b", 0, "", "", 0),
    ("ReadyMemoUserInfo", 0, "", "", 0),
    ("ReadyMemoDir", 0, "", "", 0),
    ("ReadyMemoType", 0, "", "", 0),
    ("ReadyMemoComponents", 0, "", "", 0),
    ("ReadyMemoGroup", 0, "", "", 0),
    ("ReadyMemoTasks", 0, "", "", 0),
    ("DownloadingLabel2", 0, "", "", 0),
    ("ButtonStopDownload", 0, "", "S", 0),
    ("StopDownload", 0, "", "", 0),
    ("ErrorDownloadAborted", 0, "", "", 0),
    ("ErrorDownloadFailed", 2, "", "", 0),
    ("ErrorDownloadSizeFailed", 2, "", "", 0),
    ("ErrorProgress", 2, "", "", 0),
    ("ErrorFileSize", 2, "", "", 0),
    ("ExtractingLabel", 0, "", "", 0),
    ("ButtonStopExtraction", 0, "", "S", 0),
    ("StopExtraction", 0, "", "", 0),
    ("ErrorExtractionAborted", 0, "", "", 0),
    ("ErrorExtractionFailed", 1, "", "", 0),
    ("ArchiveIncorrectPassword", 0, "", "", 0),
    ("ArchiveIsCorrupted", 0, "", "", 0),
    ("ArchiveUnsupportedFormat", 0, "", "", 0),
    ("WizardPreparing", 0, "", "", 0),
    ("PreparingDesc", 0, "[name]", "", 0),
    ("PreviousInstallNotCompleted", 0, "[name]", "", 2),
    ("CannotContinue", 0, "", "", 0),
    ("ApplicationsFound", 0, "", "", 0),
    ("ApplicationsFound2", 0, "", "", 0),
    ("CloseApplications", 0, "", "A", 0),
    ("DontCloseApplications", 0, "", "D", 0),
    ("ErrorCloseApplications", 0, "", "", 0),
    ("PrepareToInstallNeedsRestart", 0, "[name]", "", 2),
    ("WizardInstalling", 0, "", "", 0),
    ("InstallingLabel", 0, "[name]", "", 0),
    ("FinishedHeadingLabel", 0, "[name]", "", 0),
    ("FinishedLabelNoIcons", 0, "[name]", "", 0),
    ("FinishedLabel", 0, "[name]", "", 0),
    ("ClickFinish", 0, "", "", 0),
    ("FinishedRestartLabel", 0, "[name]", "", 0),
    ("FinishedRestartMessage", 0, "[name]", "", 2),
    ("ShowReadmeCheck", 0, "", "", 0),
    ("YesRadio", 0, "", "Y", 0),
    ("NoRadio", 0, "", "N", 0),
    ("RunEntryExec", 1, "", "", 0),
    ("RunEntryShellExec", 1, "", "", 0),
    ("ChangeDiskTitle", 0, "", "", 0),
    ("SelectDiskLabel2", 1, "", "", 2),
    ("PathLabel", 0, "", "P", 0),
    ("FileNotInDir2", 2, "", "", 0),
    ("SelectDirectoryLabel", 0, "", "", 0),
    ("SetupAborted", 0, "", "", 2),
    ("AbortRetryIgnoreSelectAction", 0, "", "", 0),
    ("AbortRetryIgnoreRetry", 0, "", "T", 0),
    ("AbortRetryIgnoreIgnore", 0, "", "I", 0),
    ("AbortRetryIgnoreCancel", 0, "", "", 0),
    ("RetryCancelSelectAction", 0, "", "", 0),
    ("RetryCancelRetry", 0, "", "T", 0),
    ("RetryCancelCancel", 0, "", "", 0),
    ("StatusClosingApplications", 0, "", "", 0),
    ("StatusCreateDirs", 0, "", "", 0),
    ("StatusExtractFiles", 0, "", "", 0),
    ("StatusDownloadFiles", 0, "", "", 0),
    ("StatusCreateIcons", 0, "", "", 0),
    ("StatusCreateIniEntries", 0, "", "", 0),
    ("StatusCreateRegistryEntries", 0, "", "", 0),
    ("StatusRegisterFiles", 0, "", "", 0),
    ("StatusSavingUninstall", 0, "", "", 0),
    ("StatusRunProgram", 0, "", "", 0),
    ("StatusRestartingApplications", 0, "", "", 0),
    ("StatusRollback", 0, "", "", 0),
    ("ErrorInternal2", 1, "", "", 0),
    ("ErrorFunctionFailedNoCode", 1, "", "", 0),
    ("ErrorFunctionFailed", 2, "", "", 0),
    ("ErrorFunctionFailedWithMessage", 3, "", "", 1),
    ("ErrorExecutingProgram", 1, "", "", 1),
    ("ErrorRegOpenKey", 2, "", "", 1),
    ("ErrorRegCreateKey", 2, "", "", 1),
    ("ErrorRegWriteKey", 2, "", "", 1),
    ("ErrorIniEntry", 1, "", "", 0),
    ("FileAbortRetryIgnoreSkipNotRecommended", 0, "", "S", 0),
    ("FileAbortRetryIgnoreIgnoreNotRecommended", 0, "", "I", 0),
    ("SourceIsCorrupted", 0, "", "", 0),
    ("SourceDoesntExist", 1, "", "", 0),
    ("SourceVerificationFailed", 1, "", "", 0),
    ("VerificationSignatureDoesntExist", 1, "", "", 0),
    ("VerificationSignatureInvalid", 1, "", "", 0),
    ("VerificationKeyNotFound", 1, "", "", 0),
    ("VerificationFileNameIncorrect", 0, "", "", 0),
    ("VerificationFileTagIncorrect", 0, "", "", 0),
    ("VerificationFileSizeIncorrect", 0, "", "", 0),
    ("VerificationFileHashIncorrect", 0, "", "", 0),
    ("ExistingFileReadOnly2", 0, "", "", 0),
    ("ExistingFileReadOnlyRetry", 0, "", "R", 0),
    ("ExistingFileReadOnlyKeepExisting", 0, "", "K", 0),
    ("ErrorReadingExistingDest", 0, "", "", 0),
    ("FileExistsSelectAction", 0, "", "", 0),
    ("FileExists2", 0, "", "", 0),
    ("FileExistsOverwriteExisting", 0, "", "O", 0),
    ("FileExistsKeepExisting", 0, "", "K", 0),
    ("FileExistsOverwriteOrKeepAll", 0, "", "D", 0),
    ("ExistingFileNewerSelectAction", 0, "", "", 0),
    ("ExistingFileNewer2", 0, "", "", 0),
    ("ExistingFileNewerOverwriteExisting", 0, "", "O", 0),
    ("ExistingFileNewerKeepExisting", 0, "", "K", 0),
    ("ExistingFileNewerOverwriteOrKeepAll", 0, "", "D", 0),
    ("ErrorChangingAttr", 0, "", "", 0),
    ("ErrorCreatingTemp", 0, "", "", 0),
    ("ErrorReadingSource", 0, "", "", 0),
    ("ErrorCopying", 0, "", "", 0),
    ("ErrorDownloading", 0, "", "", 0),
    ("ErrorExtracting", 0, "", "", 0),
    ("ErrorReplacingExistingFile", 0, "", "", 0),
    ("ErrorRestartReplace", 0, "", "", 0),
    ("ErrorRenamingTemp", 0, "", "", 0),
    ("ErrorRegisterServer", 1, "", "", 0),
    ("ErrorRegSvr32Failed", 1, "", "", 0),
    ("ErrorRegisterTypeLib", 1, "", "", 0),
    ("UninstallDisplayNameMark", 2, "", "", 0),
    ("UninstallDisplayNameMarks", 3, "", "", 0),
    ("UninstallDisplayNameMark32Bit", 0, "", "", 0),
    ("UninstallDisplayNameMark64Bit", 0, "", "", 0),
    ("UninstallDisplayNameMarkAllUsers", 0, "", "", 0),
    ("UninstallDisplayNameMarkCurrentUser", 0, "", "", 0),
    ("ErrorOpeningReadme", 0, "", "", 0),
    ("ErrorRestartingComputer", 0, "", "", 0),
    ("UninstallNotFound", 1, "", "", 0),
    ("UninstallOpenError", 1, "", "", 0),
    ("UninstallUnsupportedVer", 1, "", "", 0),
    ("UninstallUnknownEntry", 1, "", "", 0),
    ("ConfirmUninstall", 1, "", "", 0),
    ("UninstallOnlyOnWin64", 0, "", "", 0),
    ("OnlyAdminCanUninstall", 0, "", "", 0),
    ("UninstallStatusLabel", 1, "", "", 0),
    ("UninstalledAll", 1, "", "", 0),
    ("UninstalledMost", 1, "", "", 2),
    ("UninstalledAndNeedsRestart", 1, "", "", 2),
    ("UninstallDataCorrupted", 1, "", "", 0),
    ("ConfirmDeleteSharedFileTitle", 0, "", "", 0),
    ("ConfirmDeleteSharedFile2", 0, "", "", 2),
    ("SharedFileNameLabel", 0, "", "", 0),
    ("SharedFileLocationLabel", 0, "", "", 0),
    ("WizardUninstalling", 0, "", "", 0),
    ("StatusUninstalling", 1, "", "", 0),
    ("ShutdownBlockReasonInstallingApp", 1, "", "", 0),
    ("ShutdownBlockReasonUninstallingApp", 1, "", "", 0),
)

CUSTOM_MESSAGES = (
    ("NameAndVersion", 2, "", "", 0),
    ("AdditionalIcons", 0, "", "", 0),
    ("CreateDesktopIcon", 0, "", "D", 0),
    ("CreateQuickLaunchIcon", 0, "", "Q", 0),
    ("ProgramOnTheWeb", 1, "", "", 0),
    ("UninstallProgram", 1, "", "", 0),
    ("LaunchProgram", 1, "", "", 0),
    ("AssocFileExtension", 2, "", "A", 0),
    ("AssocingFileExtension", 2, "", "", 0),
    ("AutoStartProgramGroupDescription", 0, "", "", 0),
    ("AutoStartProgram", 1, "", "", 0),
    ("AddonHostProgramNotFound", 1, "", "", 2),
)

# Empty in Default.isl and meant to stay empty: a non-empty BeveledLabel would
# be drawn on every wizard page, and the three notes are optional texts.
EMPTY_IN_ENGLISH = {"HelpTextNote", "AboutSetupNote", "TranslatorNote", "BeveledLabel"}
# Nothing in these to translate: only arguments, units and brackets, e.g.
# "%1 KB" and "%1（%2，%3）".
NO_WORDS = {"ComponentSize1", "ComponentSize2", "UninstallDisplayNameMark", "UninstallDisplayNameMarks"}

CJK = re.compile(r"[\u4e00-\u9fff]")


def _sections():
    data = ISL.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "ChineseSimplified.isl must be UTF-8 with a BOM"
    text = data[3:].decode("utf-8")
    sections: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1], {})
            continue
        assert current is not None and "=" in line, f"line {number} is not Name=Value in a section"
        name, _, value = line.partition("=")
        assert name.strip() not in current, f"{name.strip()} defined twice"
        current[name.strip()] = value
    return sections


def _accelerators(value):
    return re.findall(r"&(.)", value.replace("&&", ""))


def test_the_file_is_utf8_with_bom_and_has_the_three_sections():
    assert set(_sections()) == {"LangOptions", "Messages", "CustomMessages"}


def test_language_options_name_simplified_chinese():
    options = _sections()["LangOptions"]
    name = re.sub(r"<([0-9A-Fa-f]{4})>", lambda m: chr(int(m.group(1), 16)), options["LanguageName"])
    assert name == "简体中文"
    assert options["LanguageID"] == "$0804"
    assert options["LanguageCodePage"] == "936"


def test_every_default_message_is_defined_and_no_other():
    sections = _sections()
    assert list(sections["Messages"]) == [row[0] for row in MESSAGES]
    assert list(sections["CustomMessages"]) == [row[0] for row in CUSTOM_MESSAGES]
    assert len(MESSAGES) == 281 and len(CUSTOM_MESSAGES) == 12


def test_arguments_fields_keys_and_line_breaks_are_kept():
    sections = _sections()
    problems = []
    for section, rows in (("Messages", MESSAGES), ("CustomMessages", CUSTOM_MESSAGES)):
        for name, arguments, fields, key, breaks in rows:
            value = sections[section][name]
            if set(re.findall(r"%([0-9])", value)) != {str(i) for i in range(1, arguments + 1)}:
                problems.append(f"{name}: arguments")
            if sorted(re.findall(r"\[[a-z/]+\]", value)) != sorted(fields.split()):
                problems.append(f"{name}: fields")
            if key:
                if _accelerators(value) != [key] or f"(&{key})" not in value:
                    problems.append(f"{name}: key (&{key})")
            elif _accelerators(value):
                problems.append(f"{name}: unexpected & key")
            if value.count("%n") != breaks:
                problems.append(f"{name}: line breaks")
    assert problems == []


def test_every_text_is_translated():
    sections = _sections()
    empty, untranslated = set(), set()
    for section in ("Messages", "CustomMessages"):
        for name, value in sections[section].items():
            if not value.strip():
                empty.add(name)
            elif not CJK.search(value):
                untranslated.add(name)
    assert empty == EMPTY_IN_ENGLISH
    assert untranslated == NO_WORDS


def test_the_installer_script_uses_this_file_and_its_custom_messages_exist():
    script = ISS.read_bytes().decode("utf-8-sig")
    assert '#define ChineseMessages AddBackslash(SourcePath) + "ChineseSimplified.isl"' in script
    assert re.search(r'^Name: "chinesesimplified"; MessagesFile: "\{#ChineseMessages\}"', script, re.M)
    assert "compiler:Languages" not in script
    used = set(re.findall(r"\{cm:(\w+)", script))
    assert used and used <= set(_sections()["CustomMessages"])
