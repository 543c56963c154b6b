; Inno Setup script: a per-user installer of the one-folder bundle (dist\waystation).
; Build on Windows with packaging\windows\build_installer.py, which passes the version.

#define AppId "org.waystation.Waystation"
#define AppName "Waystation"
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (build_installer.py reads it from app/__init__.py)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\waystation"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The id keeps upgrades in place: a new version replaces the old program files.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Waystation project
VersionInfoVersion={#AppVersion}
; Per user: no administrator rights needed, installs under %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir={#OutputDir}
OutputBaseFilename=waystation-{#AppVersion}-setup
SetupIconFile=..\icons\waystation.ico
UninstallDisplayIcon={app}\Waystation.exe
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running Waystation before replacing its files; never restart it with a case open.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "uk"; MessagesFile: "compiler:Languages\Ukrainian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Only the program folder. The vault lives in the user data folder
; (%LOCALAPPDATA%\Waystation\vault), which this installer never touches.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Program files of an older version that the new one no longer ships (never user data).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\Waystation.exe"; AppUserModelID: "{#AppId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Waystation.exe"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Run]
Filename: "{app}\Waystation.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes only the files it
; installed. The vault in the user data folder stays, so a reinstall finds it again;
; deleting case data is a decision made inside the app, not a side effect of uninstalling.
