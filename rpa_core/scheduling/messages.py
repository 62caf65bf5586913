"""The catalogue of ``rpa_core.scheduling`` and the ``robosan scheduler`` commands (plain data)."""

from __future__ import annotations

from rpa_core.scheduling._retention_messages import RETENTION_MESSAGES

# The robot file (scheduling.robot_file).
_ROBOT_FILE: dict[str, tuple[str, str]] = {
    "robot.not_mapping": (
        "ロボットファイルの一番外側は「robot:」「jobs:」などのキーの並びにしてください。",
        "The top level of a robot file must be keys like 'robot:' and 'jobs:'.",
    ),
    "robot.no_name": ("ロボットの名前(robot:)がありません。", "The robot has no name (robot:)."),
    "robot.no_name.hint": (
        "先頭に「robot: 市民税課ロボット1号」のように書いてください。",
        "Add e.g. 'robot: 市民税課ロボット1号' at the top.",
    ),
    "robot.no_jobs": ("実行する仕事(jobs:)がありません。", "There are no jobs (jobs:)."),
    "robot.no_jobs.hint": (
        "「jobs:」の下に「- scenario: …」と「at: every weekday 07:30」を書いてください。",
        "Under 'jobs:' add '- scenario: …' with 'at: every weekday 07:30'.",
    ),
    "robot.need_list": (
        "「{key}」には「- 」で始まる並びを書いてください。",
        "'{key}' must be a list ('- ' items).",
    ),
    "robot.need_mapping": (
        "「{key}」には「名前: 値」の組を書いてください。",
        "'{key}' needs 'name: value' pairs.",
    ),
    "robot.bad_date": (
        "「{key}」の日付「{value}」が読めません。",
        "Cannot read the date '{value}' in '{key}'.",
    ),
    "robot.bad_date.hint": ("2026-08-14 の形で書いてください。", "Write it like 2026-08-14."),
    "robot.bad_choice": (
        "「{key}」には {choices} のどれかを書いてください(「{value}」は使えません)。",
        "'{key}' must be one of {choices} (not '{value}').",
    ),
    "robot.bad_bool": (
        "「{key}」には true か false を書いてください。",
        "'{key}' must be true or false.",
    ),
    "robot.bad_number": ("「{key}」には数を書いてください。", "'{key}' must be a number."),
    "robot.bad_text": ("「{key}」には文字を書いてください。", "'{key}' must be text."),
    "robot.bad_duration": (
        "「{key}」の時間「{value}」が読めません。",
        "Cannot read the duration '{value}' in '{key}'.",
    ),
    "robot.bad_duration.hint": ("30m、2h、90s のように書いてください。", "Write e.g. 30m, 2h or 90s."),
    "robot.no_scenario": ("仕事に scenario: がありません。", "The job has no scenario:."),
    "robot.no_scenario.hint": (
        "「scenario: scenarios/…/scenario.yaml」を書いてください(ロボットファイルのフォルダから見た場所)。",
        "Add 'scenario: scenarios/…/scenario.yaml' (relative to the robot file's folder).",
    ),
    "robot.no_schedule": (
        "仕事に実行時刻(at: または cron:)がありません。",
        "The job has no schedule (at: or cron:).",
    ),
    "robot.no_schedule.hint": (
        "「at: every weekday 07:30」のように書いてください。",
        "Add e.g. 'at: every weekday 07:30'.",
    ),
    "robot.two_schedules": (
        "at: と cron: は一方だけ書いてください。",
        "Write either at: or cron:, not both.",
    ),
    "robot.duplicate_job": (
        "仕事の名前「{name}」が2回使われています(前は {first} 行目)。",
        "The job name '{name}' is used twice (first on line {first}).",
    ),
    "robot.duplicate_job.hint": (
        "同じシナリオを2回使うときは、それぞれに name: を付けて区別してください。",
        "When a scenario is used twice, give each job its own name:.",
    ),
    "robot.mail_needs": (
        "notify: には mail_to: と mail_from: が必要です。",
        "notify: needs mail_to: and mail_from:.",
    ),
}


# The calendar and schedule strings (scheduling.calendar_jp).
_CALENDAR: dict[str, tuple[str, str]] = {
    "cal.weekend": ("土日", "weekend"),
    "cal.holiday": ("祝日({name})", "public holiday ({name})"),
    "cal.year_end": ("年末年始", "New Year holidays"),
    "cal.closed": ("休業日(closed: に指定)", "closed day (listed under closed:)"),
    "sched.bad_at": ("実行時刻「{value}」が読めません。", "Cannot read the schedule '{value}'."),
    "sched.bad_at.hint": (
        "「every weekday 07:30」「every day 06:00」「every month 1st 08:00」「every mon,thu 09:00」"
        '「平日 07:30」「毎月1日 08:00」のように書くか、cron: "30 7 * * mon-fri" を使ってください。',
        "Write e.g. 'every weekday 07:30', 'every day 06:00', 'every month 1st 08:00', "
        "'every mon,thu 09:00', or use cron: \"30 7 * * mon-fri\".",
    ),
    "sched.bad_time": ("時刻「{value}」が正しくありません。", "The time '{value}' is not valid."),
    "sched.bad_time.hint": (
        "00:00 から 23:59 の形で書いてください(例: 07:30)。",
        "Write it from 00:00 to 23:59 (e.g. 07:30).",
    ),
    "sched.bad_cron": ("cron「{value}」が正しくありません: {detail}", "Invalid cron '{value}': {detail}"),
    "sched.bad_cron.hint": (
        '「分 時 日 月 曜日」の5つを空白で区切って書きます。曜日は 0=日曜 … 6=土曜 または mon-fri。例: "30 7 * * mon-fri"',
        "Five fields separated by spaces: minute hour day month weekday (0 = Sunday … 6 = Saturday, or mon-fri). "
        'Example: "30 7 * * mon-fri"',
    ),
}


# The runner (scheduling.runner).
_RUNNER: dict[str, tuple[str, str]] = {
    "sched.started": (
        "{robot} を開始しました(仕事 {jobs} 件)。止めるには Ctrl+C。",
        "{robot} started ({jobs} job(s)). Ctrl+C to stop.",
    ),
    "sched.job_next": ("  {job}: 次回 {at}", "  {job}: next {at}"),
    "sched.event.ran": ("実行しました", "ran"),
    "sched.event.failed": ("失敗しました", "failed"),
    "sched.event.missed": ("実行されませんでした", "missed"),
    "sched.event.locked": ("他の実行が使用中のため実行しませんでした", "not run: in use by another run"),
    "sched.event.mail_failed": ("通知メールを送れませんでした", "could not send the notification mail"),
    "sched.why.catch_up": ("起動時の取り戻し実行", "caught up at start-up"),
    "sched.why.slept": (
        "PCが休止していたか、ロボットが止まっていたため実行されませんでした({at} の予定)",
        "Not run: the PC was asleep or off, or the robot was stopped (planned for {at})",
    ),
    "sched.why.coalesced": (
        "PCが休止していたか、ロボットが止まっていたため実行されませんでした({at} の予定)。"
        "取り戻すのは最新の {latest} の予定の1回だけです",
        "Not run: the PC was asleep or off, or the robot was stopped (planned for {at}). "
        "Only the latest, planned for {latest}, is caught up",
    ),
    "sched.why.beyond_grace": (
        "PCが休止していたか、ロボットが止まっていたため実行されませんでした({at} の予定)。"
        "猶予({grace})を過ぎていたので取り戻しません",
        "Not run: the PC was asleep or off, or the robot was stopped (planned for {at}). "
        "It was beyond the grace period ({grace}), so it is not caught up",
    ),
    "sched.why.catch_up_wake": (
        "休止・停止からの復帰後の取り戻し実行({at} の予定)",
        "caught up after the PC or the robot resumed (planned for {at})",
    ),
    "sched.woke": (
        "約 {seconds} 秒のあいだロボットが動いていませんでした(PCの休止、またはロボットの停止)。予定を確かめます。",
        "The robot was not running for about {seconds} s (the PC slept or the robot was suspended); "
        "checking the planned runs.",
    ),
    "sched.why.busy": ("前回の実行がまだ続いていました", "the previous run was still running"),
    "sched.why.timeout": (
        "制限時間({seconds}秒)を超えたので止めました",
        "stopped after its timeout ({seconds} s)",
    ),
    "sched.why.exit": (
        "実行プロセスが異常終了しました(終了コード {code})",
        "the run process ended abnormally (exit code {code})",
    ),
    "sched.mail.subject": ("[robosan] {robot}: {job} {what}", "[robosan] {robot}: {job} {what}"),
    "sched.stopped": ("{robot} を止めました。", "{robot} stopped."),
    "status.timeout": ("時間切れ", "timed out"),
    "status.error": ("異常終了", "ended abnormally"),
    "status.invalid": ("シナリオに誤り", "invalid scenario"),
}


# The robosan scheduler commands (scheduler.py).
_COMMANDS: dict[str, tuple[str, str]] = {
    "sched.valid": ("OK: {file}({jobs} 件の仕事)", "OK: {file} ({jobs} job(s))"),
    "sched.next.title": ("{robot}: 次の実行予定({start} から)", "{robot}: next runs (from {start})"),
    "sched.next.moved": ("← {days} の分", "← moved from {days}"),
    "sched.next.skipped": ("実行しません: {reason}", "not run: {reason}"),
    "sched.history.none": ("まだ記録がありません。", "Nothing recorded yet."),
    "sched.bad_date": ("日付「{value}」が読めません。", "Cannot read the date '{value}'."),
    "sched.bad_date.hint": ("2026-04-01 の形で書いてください。", "Write it like 2026-04-01."),
}


MESSAGES: dict[str, tuple[str, str]] = {**_ROBOT_FILE, **_CALENDAR, **_RUNNER, **_COMMANDS, **RETENTION_MESSAGES}
