@echo off
rem wuye-desktop command line (the embedded Python beside this file): wuye-desktop --help
rem -X utf8: output redirected to a file is UTF-8 whatever the console code page.
"%~dp0python.exe" -X utf8 -m wuye_desktop %*
exit /b %ERRORLEVEL%
