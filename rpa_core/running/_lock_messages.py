"""Messages of the run locks in the run log (``running.locks``): who holds a scenario's batch, and what to do."""

from __future__ import annotations

LOCK_MESSAGES: dict[str, tuple[str, str]] = {
    "lock.run_held": (
        "「{what}」は別の実行が処理中です(PC {host}、プロセス {pid}、{since} から、実行番号 {run})。",
        "'{what}' is being run by another run (PC {host}, process {pid}, since {since}, run {run}).",
    ),
    "lock.run_held.hint": (
        "同じシナリオ(同じ name: と同じ入力ファイル、または同じ batch:)は、コピーしたファイルや別のPCからでも、"
        "同じ実行記録では同時に1つしか実行できません。その実行が終わるのを待ってから、もう一度実行してください"
        "(robosan runs で実行番号 {run} の状況を確認できます)。止まった実行のロックは、同じPCならすぐに、"
        "別のPCなら最後の応答から {stale} 秒後に自動的に引き継がれます。",
        "A scenario (same name: and same input file, or same batch:) runs once at a time on one run log, "
        "even from a copied file or another PC. Wait for that run to end, then run again "
        "('robosan runs' shows run {run}). A dead run's lock is taken over by itself: at once on the same PC, "
        "{stale} s after its last heartbeat on another PC.",
    ),
    "lock.lost": (
        "「{what}」のロックが別の実行に引き継がれました(PC {host}、プロセス {pid}、{since} から、実行番号 {run})。"
        "二重登録を防ぐため、この実行は次の件に進まずに止めました。",
        "The lock of '{what}' was taken over by another run (PC {host}, process {pid}, since {since}, run {run}). "
        "This run stopped before its next item so that nothing is registered twice.",
    ),
    "lock.lost.hint": (
        "このPCからの応答(ハートビート)が {stale} 秒以上途絶えたためです(スリープ、ネットワークの切断など)。"
        "処理済みの件は台帳に残っています。相手の実行が終わってから、もう一度実行してください。",
        "This PC's heartbeat stopped for over {stale} s (sleep, a network cut…). Items already done are kept in "
        "the ledger. Run again once the other run has ended.",
    ),
}
