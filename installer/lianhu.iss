; Inno Setup 6 script for 联户通: the Windows installer (setup.exe).
;
; Built by installer/build.py on Windows, which passes the version from
; pyproject.toml and where the bundle is:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=..\dist\lianhu /DOutputDir=..\dist lianhu.iss
;
; - program files in {autopf}\联户通: Program Files for all users (administrator),
;   or, chosen in the first dialog, %LOCALAPPDATA%\Programs for the current user
;   only, without administrator rights;
; - a Start-menu shortcut, and a desktop shortcut if ticked;
; - upgrade in place: the fixed AppId below makes a newer setup replace the
;   installed version in its folder (old _internal\ removed first);
; - the clerk's data is never touched: the database, backups/ and logs/ live in
;   %LOCALAPPDATA%\lianhu_desktop (outside the program folder) and settings in
;   the registry under HKCU\Software\lianhu_desktop, which the uninstaller does
;   not remove. It deletes only what it installed.
;
; Saved as UTF-8 with a BOM (needed for the Chinese texts before Inno Setup 6.3).

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed (x64compatible)
#endif
#ifndef AppVersion
  #error AppVersion missing: build with installer/build.py (it passes /DAppVersion from pyproject.toml)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\lianhu"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

; The Chinese (Simplified) messages: the project's own translation, kept beside
; this script, so every build shows the same texts whichever Inno Setup (and
; whichever of its optional language files) is installed.
#define ChineseMessages AddBackslash(SourcePath) + "ChineseSimplified.isl"
#if !FileExists(ChineseMessages)
  #error ChineseSimplified.isl missing beside lianhu.iss: it is part of the repository, restore it
#endif

#define AppName "联户通"
#define GuiExe "联户通.exe"

[Setup]
; Never change the AppId: it is how a newer setup finds the installed program.
AppId={{88137E74-2343-446B-9108-530E10D86D6A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} 安装程序
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
UsePreviousPrivileges=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
ShowLanguageDialog=no
SetupIconFile=..\resources\icons\lianhu.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
CloseApplications=yes
RestartApplications=no
OutputDir={#OutputDir}
OutputBaseFilename=lianhu-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the libraries as a whole: files of the old version that
; the new one no longer ships would otherwise stay and could be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent
