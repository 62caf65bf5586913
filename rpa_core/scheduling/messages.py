"""The ja/en messages of robot files (:mod:`rpa_core.scheduling.robot_file`), kept apart so the checker stays short."""

from __future__ import annotations

from rpa_core.messages import register

register(
    {
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
)
