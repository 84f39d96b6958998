; 社区物业工作台 — Windows installer (NSIS 3, Unicode, Simplified Chinese pages).
; Built on Linux by `packaging/build.sh windows` (makensis -INPUTCHARSET UTF8 -D…):
;   VERSION     0.1.0              VIVERSION  0.1.0.0
;   STAGE       the install tree (embedded CPython at the root, Lib\site-packages, the app)
;   FILELIST    an include with one Delete/RMDir line per top-level entry of STAGE (uninstall)
;   ICON        wuye-desktop.ico   OUTFILE    …\wuye-desktop-<version>-setup.exe
;
; Switches (county IT):
;   /S                   silent
;   /D=C:\路径\程序       install folder; must be last and unquoted (NSIS rule)
;   /CURRENTUSER         per-user install into %LOCALAPPDATA%\Programs\社区物业工作台, no admin
;                        (default: every user of the PC, %ProgramFiles%\社区物业工作台, admin)
;   /SERVER=https://…    write county.ini with this county server (instead of a county.ini
;   /CA=C:\…\ca.pem      beside setup.exe); /CA copies the county's CA file as county-ca.pem
;   /LOCK                with /SERVER: the worker cannot change the server address
; Without switches a county.ini (and county-ca.pem) beside setup.exe is installed; with neither,
; an existing county.ini in the program folder is kept (upgrades).
; The app reads county.ini next to sys.executable: python.exe/pythonw.exe sit at the root here.
; Uninstall removes the program and keeps the worker's data (%LOCALAPPDATA%\wuye\wuye-desktop):
; it asks, the default answer is keep, and a silent uninstall (/S) keeps.

Unicode true
Target amd64-unicode  ; a 64-bit installer: no WOW64 file or registry redirection
ManifestDPIAware true
ManifestSupportedOS Win10
SetCompressor /SOLID lzma
SetCompressorDictSize 64
RequestExecutionLevel highest

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WinVer.nsh
!include x64.nsh

!define APPNAME "社区物业工作台"
!define PUBLISHER "wuye-desktop developers"
!define REGKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\wuye-desktop"
!define DATASUBDIR "wuye\wuye-desktop"

Name "${APPNAME}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VIVERSION}"
VIFileVersion "${VIVERSION}"

Var AllUsers
Var Server
Var CaFile
Var Lock

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本向导将在这台电脑上安装${APPNAME}：小区、楼栋、物业企业的台账，检查与整改，通知打印，与县住建部门同步。$\r$\n$\r$\n需要 Windows 10（1809 及以上）或 Windows 11，64 位。$\r$\n$\r$\n卸载时默认保留您的工作数据。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_TEXT "${APPNAME}已安装。$\r$\n$\r$\n请从桌面或“开始”菜单中的“${APPNAME}”图标启动。"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台电脑上删除${APPNAME}的程序文件。您的工作数据（台账数据库、备份、照片）默认保留。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "MIT"

; GetOptions cuts a value at the next "/" (so /SERVER=https://x became "https:"). This reads
; /NAME=value up to the next space, or a quoted value ("/CA=C:\a b\ca.pem" or /CA="C:\a b\ca.pem").
; Stack in: option ("/SERVER="), parameters; out: value ("" when absent).
Function GetArg
  Exch $1 ; option
  Exch
  Exch $0 ; parameters
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  StrLen $3 $1
  StrLen $4 $0
  StrCpy $2 0
  StrCpy $6 ""
  loop:
    IntCmp $2 $4 done 0 done
    StrCpy $5 $0 $3 $2
    StrCmp $5 $1 found
    IntOp $2 $2 + 1
    Goto loop
  found:
    StrCpy $5 " "
    StrCpy $6 ""
    IntCmp $2 0 +3
    IntOp $6 $2 - 1
    StrCpy $6 $0 1 $6          ; the character before the option
    StrCmp $6 '"' 0 +2
    StrCpy $5 '"'              ; "/CA=C:\a b\ca.pem": the value ends at the closing quote
    IntOp $2 $2 + $3
    StrCpy $6 $0 1 $2          ; the character after the option
    StrCmp $6 '"' 0 +3
    StrCpy $5 '"'              ; /CA="C:\a b\ca.pem"
    IntOp $2 $2 + 1
    StrCpy $6 ""
  copy:
    IntCmp $2 $4 done 0 done
    StrCpy $3 $0 1 $2
    StrCmp $3 $5 done
    StrCpy $6 "$6$3"
    IntOp $2 $2 + 1
    Goto copy
  done:
  StrCpy $1 $6
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $0
  Exch $1
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "${APPNAME}需要 64 位的 Windows 10（1809 及以上）或 Windows 11。" /SD IDOK
    SetErrorLevel 1150 ; ERROR_OLD_WIN_VERSION
    Quit
  ${EndIf}
  ${WinVerGetBuild} $0
  ${If} $0 < 17763
    MessageBox MB_ICONSTOP "${APPNAME}需要 Windows 10 1809（版本号 17763）或更高版本；这台电脑是 $0。" /SD IDOK
    SetErrorLevel 1150
    Quit
  ${EndIf}
  SetRegView 64

  ${GetParameters} $R0
  StrCpy $AllUsers 1
  ClearErrors
  ${GetOptions} $R0 "/CURRENTUSER" $0
  ${IfNot} ${Errors}
    StrCpy $AllUsers 0
  ${EndIf}
  Push $R0
  Push "/SERVER="
  Call GetArg
  Pop $Server
  Push $R0
  Push "/CA="
  Call GetArg
  Pop $CaFile
  StrCpy $Lock 0
  ClearErrors
  ${GetOptions} $R0 "/LOCK" $0
  ${IfNot} ${Errors}
    StrCpy $Lock 1
  ${EndIf}
  ${If} $CaFile != ""
  ${AndIfNot} ${FileExists} "$CaFile"
    MessageBox MB_ICONSTOP "找不到 /CA 指定的证书文件：$CaFile" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}

  ${If} $AllUsers == 1
    UserInfo::GetAccountType
    Pop $0
    ${If} $0 != "admin"
      ${If} ${Silent}
        SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED: run as administrator, or add /CURRENTUSER
        Quit
      ${EndIf}
      MessageBox MB_YESNO|MB_ICONQUESTION "为这台电脑的所有用户安装需要管理员权限。$\r$\n$\r$\n是否只为当前用户安装？" IDYES +3
      SetErrorLevel 740
      Quit
      StrCpy $AllUsers 0
    ${EndIf}
  ${EndIf}

  ${If} $AllUsers == 1
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
  ${If} $INSTDIR == ""  ; no /D=: where an earlier version is, else the default
    ReadRegStr $INSTDIR SHCTX "${REGKEY}" "InstallLocation"
  ${EndIf}
  ${If} $INSTDIR == ""
    ${If} $AllUsers == 1
      StrCpy $INSTDIR "$PROGRAMFILES64\${APPNAME}"
    ${Else}
      StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APPNAME}"
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  ${If} ${FileExists} "$INSTDIR\wuye-desktop.cmd"  ; an earlier version: replace its program files
    DetailPrint "正在替换旧版本的程序文件…"
    RMDir /r "$INSTDIR\Lib"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*"

  ; County preconfiguration: switches first, else county.ini beside setup.exe, else keep.
  ${If} $Server != ""
    ClearErrors
    FileOpen $0 "$INSTDIR\county.ini" w
    FileWrite $0 "; written by setup.exe from /SERVER=$\r$\n[county]$\r$\nserver = $Server$\r$\n"
    ${If} $CaFile != ""
      CopyFiles /SILENT "$CaFile" "$INSTDIR\county-ca.pem"
      FileWrite $0 "ca_file = county-ca.pem$\r$\n"
    ${EndIf}
    ${If} $Lock == 1
      FileWrite $0 "lock = true$\r$\n"
    ${EndIf}
    FileClose $0
    DetailPrint "县服务器：$Server"
  ${ElseIf} ${FileExists} "$EXEDIR\county.ini"
    CopyFiles /SILENT "$EXEDIR\county.ini" "$INSTDIR\county.ini"
    ${If} ${FileExists} "$EXEDIR\county-ca.pem"
      CopyFiles /SILENT "$EXEDIR\county-ca.pem" "$INSTDIR\county-ca.pem"
    ${EndIf}
    DetailPrint "已安装县里的配置文件 county.ini"
  ${EndIf}

  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Program Files is read-only for workers: compile the bytecode once, here, or every start
  ; would compile it again in memory.
  DetailPrint "正在编译 Python 字节码…"
  nsExec::ExecToLog '"$INSTDIR\python.exe" -m compileall -q "$INSTDIR\Lib"'
  Pop $0

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\pythonw.exe" "-m wuye_desktop" \
    "$INSTDIR\wuye-desktop.ico" 0 SW_SHOWNORMAL "" "${APPNAME}"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\pythonw.exe" "-m wuye_desktop" \
    "$INSTDIR\wuye-desktop.ico" 0 SW_SHOWNORMAL "" "${APPNAME}"

  WriteRegStr SHCTX "${REGKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${REGKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${REGKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${REGKEY}" "DisplayIcon" "$INSTDIR\wuye-desktop.ico"
  WriteRegStr SHCTX "${REGKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${REGKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${REGKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${REGKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${REGKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${REGKEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
  ReadRegStr $0 HKLM "${REGKEY}" "InstallLocation"
  ${If} $0 == $INSTDIR
    StrCpy $AllUsers 1
    SetShellVarContext all
  ${Else}
    StrCpy $AllUsers 0
    SetShellVarContext current
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  !include "${FILELIST}"
  Delete "$INSTDIR\county.ini"
  Delete "$INSTDIR\county-ca.pem"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: nothing but what we installed is removed
  DeleteRegKey SHCTX "${REGKEY}"

  ; The worker's data (of the user who uninstalls): keep unless asked otherwise.
  SetShellVarContext current
  StrCpy $1 "$LOCALAPPDATA\${DATASUBDIR}"
  ${If} ${FileExists} "$1\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除这台电脑上保存的工作数据（台账数据库、备份、照片）？$\r$\n$\r$\n数据目录：$1$\r$\n$\r$\n选择“否”（默认）将保留数据，重新安装后可继续使用。" /SD IDNO IDYES deldata
    DetailPrint "已保留工作数据：$1"
    Goto done
    deldata:
      RMDir /r "$1"
      RMDir "$LOCALAPPDATA\wuye"
      DetailPrint "已删除工作数据：$1"
    done:
  ${EndIf}
SectionEnd
