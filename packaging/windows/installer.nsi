; 先锋榜 Pioneer Board — Windows installer (NSIS 3, Unicode).
; Built by `python packaging\build.py --installer` after the PyInstaller build, which passes:
;   /DVERSION=0.1.0 /DVERSION4=0.1.0.0 /DBUNDLE=dist\PioneerBoard /DOUTFILE=dist\...-setup.exe /DICON=...\app.ico
; By hand: makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 /DVERSION4=0.1.0.0 /DBUNDLE=..\..\dist\PioneerBoard packaging\windows\installer.nsi
;
; - Installs for the current user (no administrator needed) or for all users (asks for administrator).
; - Start-menu folder and desktop shortcut named 先锋榜.
; - Uninstalling removes the program only; the data (%LOCALAPPDATA%\PioneerBoard: database, photos,
;   backups, logs) stays unless the user ticks "同时删除数据" on the uninstaller's components page.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\PioneerBoard"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\PioneerBoard-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\app.ico"
!endif

!define APP_NAME "先锋榜"
!define APP_ID "PioneerBoard"
!define GUI_EXE "PioneerBoard.exe"
!define CLI_EXE "pioneer-board-cli.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; The program's data folder (app/paths.py: platformdirs.user_data_dir("PioneerBoard", appauthor=False)).
!define DATA_SUBDIR "PioneerBoard"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

; --- per-user or per-machine ---------------------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE        ; /AllUsers or /CurrentUser for silent installs
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_ID}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "Software\${APP_ID}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "Software\${APP_ID}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_FUNCTION SetInstallDir
!define MULTIUSER_INSTALLMODE_UNFUNCTION un.SetInstallDir
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include x64.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开先锋榜"

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "默认只卸载程序，数据（花名册、照片、备份、日志）会保留，重新安装后可以继续使用。$\r$\n如果这台电脑以后不再使用先锋榜，并且已经把数据备份到U盘，可以勾选“同时删除数据”。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "先锋榜 Pioneer Board developers"

; Program files never go into %LOCALAPPDATA%\PioneerBoard: that is the data folder.
Function SetInstallDir
  ${If} $MultiUser.InstallMode == "AllUsers"
    StrCpy $INSTDIR "$PROGRAMFILES64\${APP_ID}"
  ${Else}
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP_ID}"
  ${EndIf}
  ReadRegStr $0 SHCTX "Software\${APP_ID}" "InstallDir"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function un.SetInstallDir
  ReadRegStr $0 SHCTX "Software\${APP_ID}" "InstallDir"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

; Qt 6 (PySide6) runs on 64-bit Windows 10 version 1809 (build 17763) or later and Windows 11. On Windows 7/8
; or a 32-bit Windows the program would fail at start with a cryptic DLL error: refuse here, in plain Chinese.
Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_OK|MB_ICONSTOP "先锋榜需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n$\r$\n这台电脑的 Windows 版本太旧（例如 Windows 7 或 Windows 8），先锋榜在上面无法运行，所以不安装。$\r$\n请在 Windows 10/11 的电脑上安装，或者使用统信UOS、银河麒麟电脑上的 .deb 安装包。" /SD IDOK
    SetErrorLevel 1150 ; ERROR_OLD_WIN_VERSION
    Quit
  ${EndIf}
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "先锋榜" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's libraries must not linger beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*.*"
  ; An installed copy keeps its data in the user's data folder, never beside the program.
  Delete "$INSTDIR\portable"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr SHCTX "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "Software\${APP_ID}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "先锋榜 Pioneer Board"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1

  ; Shortcuts in Chinese: 开始菜单\先锋榜\先锋榜, 卸载先锋榜; 桌面\先锋榜.
  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

Section "un.卸载程序" UnSecProgram
  SectionIn RO
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  ; Only what the installer put there; RMDir without /r leaves the folder if anything else is inside.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "Software\${APP_ID}"
SectionEnd

; Not ticked unless the user ticks it (/o): the data outlives the program.
Section /o "un.同时删除数据" UnSecData
  ; The data belongs to the Windows user running the uninstaller, even for an all-users install.
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${DATA_SUBDIR}"
  ; A copy someone made portable inside the program folder keeps its data in data\.
  RMDir /r "$INSTDIR\data"
  Delete "$INSTDIR\portable"
  RMDir "$INSTDIR"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecProgram} "删除程序文件和快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "同时删除数据：花名册、照片、自动备份和日志（$LOCALAPPDATA\${DATA_SUBDIR}）。删除后无法恢复，请先备份到U盘。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
