<#
.SYNOPSIS
  Start the robosan robot runner at logon on a Windows office PC (Task Scheduler).

.DESCRIPTION
  Registers a task "robosan ロボット" that runs `robosan scheduler start <robot.yaml>` when the
  given user logs on, restarts it if it stops, never stops it for running long, and starts it
  even on battery. The runner must run in the user's session (not as a service): browser and
  desktop robots need the desktop. Logs go to %LOCALAPPDATA%\robosan\logs\scheduler.log.

  Unverified on Windows in CI (the project is tested on Linux); the same commands are in
  docs/parts/scheduler.ja.md for doing it by hand.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File tools\windows\install-robot-task.ps1 -RobotFile C:\robosan\robot.yaml
  powershell -ExecutionPolicy Bypass -File tools\windows\install-robot-task.ps1 -Uninstall
#>
param(
    [string]$RobotFile,
    [string]$Robosan = "",
    [string]$TaskName = "robosan ロボット",
    [string]$User = "$env:USERDOMAIN\$env:USERNAME",
    [switch]$Uninstall
)
$ErrorActionPreference = "Stop"

if ($Uninstall) {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
    Write-Host "タスク「$TaskName」を削除しました。 / Removed the task."
    exit 0
}
if (-not $RobotFile) { throw "-RobotFile を指定してください / give -RobotFile" }
$RobotFile = (Resolve-Path $RobotFile).Path
if (-not $Robosan) {
    $cmd = Get-Command robosan.exe -ErrorAction SilentlyContinue
    if (-not $cmd) { throw "robosan.exe が見つかりません。-Robosan で場所を指定してください / robosan.exe not found: give -Robosan" }
    $Robosan = $cmd.Source
}

# Check the robot file first: a typo should show now, not at 7:30 tomorrow.
& $Robosan scheduler validate $RobotFile
if ($LASTEXITCODE -ne 0) { throw "robot.yaml に誤りがあります / the robot file has problems" }

$action = New-ScheduledTaskAction -Execute $Robosan -Argument "scheduler start `"$RobotFile`"" `
    -WorkingDirectory (Split-Path $RobotFile)
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -MultipleInstances IgnoreNew -StartWhenAvailable
$principal = New-ScheduledTaskPrincipal -UserId $User -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
    -Principal $principal -Description "robosan scheduler start $RobotFile" -Force | Out-Null
Write-Host "タスク「$TaskName」を登録しました。次回のサインインから自動で動きます。"
Write-Host "今すぐ始めるには: Start-ScheduledTask -TaskName '$TaskName'"
