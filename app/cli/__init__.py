"""The command line: `python -m app [--data-dir DIR] GROUP COMMAND`, over the same services as the GUI.

Exit codes: 0 done; 2 input rejected and nothing changed; 1 unexpected error (logged with traceback).
Messages for people go to stderr in Chinese; `--json` prints UTF-8 JSON to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import importlib
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import __version__, pause_gc_for_start_up, resume_gc

# `--version` and `--help` import only argparse: the rest is imported when a command runs (see main()),
# and the data layer when it first opens the database.
if TYPE_CHECKING:
    from app.domain.errors import UserError
    from app.services.store import Database

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_REJECTED = 2


# argparse's own words for a usage error, in Chinese (Python 3.11's messages; what does not match stays as it is).
_ARGPARSE_WORDS = (
    (r"^argument ([^:]+): ", r"参数 \1："),
    (r"the following arguments are required: (.*)$", r"缺少参数 \1"),
    (r"invalid choice: '([^']*)' \(choose from (.*)\)$", r"“\1”不是可选的值（可选：\2）"),
    (r"invalid (int|float) value: '([^']*)'$", r"“\2”不是数字"),
    (r"unrecognized arguments: (.*)$", r"不认识的参数 \1"),
    (r"expected one argument$", "后面要跟一个值"),
    (r"not allowed with argument (.*)$", r"不能和参数 \1 一起用"),
    (r"ambiguous option: (\S+) could match (.*)$", r"参数 \1 不完整，可能是 \2"),
)


def chinese_usage_error(message: str) -> str:
    import re

    for pattern, words in _ARGPARSE_WORDS:
        message = re.sub(pattern, words, message)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_REJECTED, f"命令参数有误：{chinese_usage_error(message)}\n用 --help 查看用法。\n")


class Context:
    """What a command gets: the data folder, and the database opened on first use."""

    def __init__(
        self,
        data_dir: str | None,
        database_url: str | None = None,
        user: str | None = None,
        password_file: str | None = None,
    ) -> None:
        from app.paths import resolve_data_dir

        self.root = resolve_data_dir(data_dir)
        self.database_url = database_url  # as given with --database-url; resolved on opening
        self.user = user  # --user: the account to log in as, once the database has accounts
        self.password_file = password_file
        self.login_password: str | None = None  # kept for `accounts passwd` of one's own account only
        self._db: Database | None = None
        # The data folder was not there before this command (set by main()): what the new data held on opening,
        # to tell at a refusal whether anything was stored (see stored_nothing).
        self.fresh = False
        self._opened_with: object = None

    @property
    def db(self) -> Database:
        if self._db is None:
            from app.services.store import open_database, resolve_database_url

            self._db = open_database(self.root, url=resolve_database_url(self.database_url, self.root))
            resume_gc()  # the data layer is imported: see main()
            if self.fresh:  # the folder was made just now, by opening it: its log starts here
                _set_up_logging(self.root)
                self._opened_with = self._facts()
            if self._db.recovery_message:
                say(self._db.recovery_message)
            self._log_in(self._db)
        return self._db

    def _log_in(self, db: Database) -> None:
        """With accounts set up, every command runs as the account named by --user (its password checked)."""
        from app.services import accounts

        if not accounts.accounts_exist(db):
            return
        if not self.user:
            from app.domain.errors import UserError

            raise UserError(
                "这个数据库已设置账户，请用 --user 账户名 登录（密码在提示时输入，或用 --password-file 文件）"
            )
        self.login_password = self._password()
        accounts.login(db, self.user, self.login_password)

    def _password(self) -> str:
        if self.password_file:
            from app.cli.accounts import read_password_file

            return read_password_file(self.password_file)
        if sys.stdin.isatty():
            import getpass

            return getpass.getpass(f"账户“{self.user}”的密码：")
        from app.domain.errors import UserError

        raise UserError("需要密码：不在终端里运行时请用 --password-file 文件 给出密码（文件第一行）")

    def adopt(self, db: Database) -> None:
        """Hold ``db`` from now on (a restore closed the old handle and reopened the data)."""
        self._db = db
        if self.login_password is not None:  # the restored data's accounts: the same login again
            from app.services import accounts

            if accounts.accounts_exist(db) and self.user:
                accounts.login(db, self.user, self.login_password)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def _facts(self) -> object:
        from app.services.backup import current_facts

        assert self._db is not None
        try:
            return current_facts(self._db)
        except Exception:  # a township server: no data file here to count
            return None

    def stored_nothing(self) -> bool:
        """The command stored nothing in the data it opened (it opened none, or every table holds what it held
        on opening): a data folder made by this command can go again."""
        return self._db is None or self._facts() == self._opened_with


Command = Callable[[Context, argparse.Namespace], int]


def say(message: str) -> None:
    print(message, file=sys.stderr)


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON. A list of records prints one record per line (json's C encoder, several times
    faster on 2,000 members than the indented pure-Python one); anything else is indented."""
    import json

    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        lines = ",\n".join("  " + encode(v) for v in value)
        text = f"[\n{lines}\n]"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def optional_date(text: str | None, label: str = "日期", field: str = "date") -> dt.date | None:
    """A date option as the clerk types it (2026-07-01, 2026年7月1日, 2026.7.1…); None when not given."""
    from app.domain.dates import parse_date

    parsed = parse_date(text, label, field) if text else None
    return parsed.value if parsed else None


def required_date(text: str | None, label: str = "日期", field: str = "date") -> dt.date:
    value = optional_date(text, label, field)
    if value is None:
        from app.domain.errors import ValidationError

        raise ValidationError(f"请填写{label}，如 2026-07-01", field=field)
    return value


def year_number(text: str) -> int:
    """The ``type`` of every ``--year`` option: a whole year from 1921 to 2999 (not 26, not -5, not 2026年)."""
    from app.domain.periods import MIN_YEAR

    raw = text.strip().removesuffix("年")
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= 2999:
        raise argparse.ArgumentTypeError(f"年份“{text}”不对，请写四位数的年份，如 2026")
    return int(raw)


def output_file(*endings: str) -> Callable[[str], Path]:
    """The ``type`` of every option naming a file to write (``-o``, ``--xlsx``…), ``endings`` such as ".pdf".

    A name without a file ending gets the first one (名单 → 名单.xlsx; 2026.07.01公示 → 2026.07.01公示.pdf): a
    file without one does not open with a double click on Windows. A name with another ending (名单.doc) is
    refused (exit 2, nothing written): the clerk meant some other kind of file, and 名单.doc.xlsx is a surprise.
    """
    import re

    def parse(text: str) -> Path:
        path = Path(text)
        if not path.name or text.endswith(("/", "\\")) or path.is_dir():
            raise argparse.ArgumentTypeError(f"“{text}”是一个文件夹，请给出文件名，如 名单{endings[0]}")
        if path.suffix.lower() in endings:
            return path
        if re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,4}", path.suffix):  # an ending of some other kind of file
            raise argparse.ArgumentTypeError(
                f"文件名“{path.name}”的结尾不对：请用 {' 或 '.join(endings)} 结尾，如 {path.stem}{endings[0]}"
            )
        return path.with_name(path.name + endings[0])

    return parse


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")


# One line per module: "module: the command groups its ``register(groups)`` adds". Only the module of the group
# asked for is imported (~0.4 s less start-up than importing every area); tests/e2e check the list is complete.
CLI_GROUPS = (
    "app.cli.maintenance: check demo",
    "app.cli.roster: roster org",
    "app.cli.evaluations: periods deeds stars",
    "app.cli.commitments: commitments teams",
    "app.cli.backup: backup",
    "app.cli.points: points review",
    "app.cli.rules: rules",
    "app.cli.boards: board",
    "app.cli.wuliang: wuliang",
    "app.cli.preferences: prefs",
    "app.cli.residents: people households pair unpair",
    "app.cli.service: visits requests service",
    "app.cli.audit: audit",
    "app.cli.meetings: meetings dues contacts todo",
    "app.cli.projects: needs projects",
    "app.cli.reports: report",
    "app.cli.township: township",
    "app.cli.accounts: accounts",
    "app.cli.recognition: pioneers assess",
    "app.cli.recognition_organs: stars-org report-duty posts",
)


def group_modules() -> dict[str, str]:
    """Command group → the module that registers it."""
    modules = {}
    for line in CLI_GROUPS:
        module, names = line.split(":")
        for name in names.split():
            modules[name] = module.strip()
    return modules


def _asked_group(argv: Sequence[str]) -> str | None:
    """The command group named on the command line: the first word that is not an option or its value."""
    args = iter(argv)
    for arg in args:
        if arg in ("--data-dir", "--database-url", "--user", "--password-file"):
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only with the group it names (all groups for --help or a typo)."""
    parser = ChineseArgumentParser(
        prog="pioneer-board-cli",
        description="先锋榜 Pioneer Board 命令行：花名册、承诺、星级评定、积分、公示栏、备份。",
    )
    parser.add_argument("--data-dir", help="数据目录（默认：环境变量 PIONEER_BOARD_DATA 或用户数据目录）")
    parser.add_argument(
        "--database-url",
        help="乡镇服务器的数据库地址，例如 postgresql://用户@服务器/数据库名"
        "（默认：环境变量 PIONEER_BOARD_DATABASE_URL、数据目录里 pioneer-board.ini 的 database_url 行，"
        "都没有时用数据目录里的数据库）",
    )
    parser.add_argument("--user", help="账户名：数据库设置了账户后，每条命令都要登录")
    parser.add_argument(
        "--password-file", help="从这个文件的第一行读登录密码（不给时在终端里提示输入；不能写在命令行上）"
    )
    parser.add_argument("--version", action="version", version=f"先锋榜 Pioneer Board {__version__}")
    groups = parser.add_subparsers(dest="group", metavar="GROUP", parser_class=ChineseArgumentParser)
    groups.required = True
    modules = group_modules()
    asked = modules.get(_asked_group(argv) or "") if argv is not None else None
    if argv is not None and asked is None:
        # --help, --version or a typo: list the groups from their one-line help, importing none of them.
        from app.cli.group_help import GROUP_HELP

        for name in modules:
            groups.add_parser(name, help=GROUP_HELP.get(name, ""), add_help=False)
        return parser
    for module in [asked] if asked else dict.fromkeys(modules.values()):
        importlib.import_module(module).register(groups)
    return parser


def print_rejection(error: UserError) -> None:
    from app.domain.errors import ValidationError
    from app.domain.member_fields import LABELS

    if isinstance(error, ValidationError) and len(error.errors) > 1:
        say("输入有误，没有做任何改动：")
        for e in error.errors:
            label = LABELS.get(e.field, e.field)
            say(
                f"  - {label}：{e.message}"
                if label and not e.message.startswith(label)
                else f"  - {e.message}"
            )
    else:
        say(f"没有做任何改动：{error}" + (f"（{error.cli_hint}）" if error.cli_hint else ""))


def _reader_gone(exc: Exception) -> bool:
    """Windows reports a pipe whose reader has gone as EINVAL, not EPIPE: true only if stdout still cannot flush."""
    if os.name != "nt" or not isinstance(exc, OSError) or exc.errno != errno.EINVAL:
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _silence_stdout() -> None:
    """Point stdout at the null device so that Python's own flush at exit cannot fail on the closed pipe.

    Portable: no SIGPIPE (Windows has none); the file descriptor is replaced, not the handler.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _disk_message(exc: Exception, root: Path) -> str:
    from app.domain.disk_errors import disk_full_message, is_disk_full, read_only_message

    if is_disk_full(exc):
        where = getattr(exc, "filename", None) or root
        folder = Path(where)
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        try:
            free: int | None = shutil.disk_usage(folder).free
        except OSError:
            free = None
        return disk_full_message(str(where), free)
    return read_only_message(str(getattr(exc, "filename", None) or root))


def main(argv: Sequence[str] | None = None) -> int:
    # A process of its own (not a test calling main): no cycle collection until the data is open.
    if argv is None:
        pause_gc_for_start_up()
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to the ANSI code page; JSON and messages are UTF-8.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    undecodable = [a for a in argv if _has_surrogates(a)]
    if undecodable:
        # Bytes that are not UTF-8 (a GBK file name from an old script): refused before anything is logged.
        say(
            "命令参数里有无法识别的字符（不是 UTF-8 编码）："
            + "、".join(a.encode("utf-8", "replace").decode("utf-8") for a in undecodable[:3])
            + "。请用 UTF-8 编码输入，或把文件改成只含常用字符的名字。"
        )
        return EXIT_REJECTED
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already explained on stderr
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_REJECTED
    from app.domain.disk_errors import os_error_words
    from app.log import setup_logging
    from app.paths import DataDir

    ctx = Context(args.data_dir, args.database_url, args.user, args.password_file)
    data_dir = DataDir(ctx.root)
    # A data folder that is not there yet is made when the command first opens the data (Context.db), not
    # before: a command that only refuses or reads a file elsewhere leaves the disk as it was (see below).
    fresh = first_missing(ctx.root)
    _quiet_without_log_file()
    try:
        if fresh is None:
            data_dir.ensure()
            if data_dir.writable():
                setup_logging(data_dir.log_path)
    except OSError as exc:
        say(f"数据目录 {ctx.root} 无法使用：{os_error_words(exc)}")
        return EXIT_REJECTED
    ctx.fresh = fresh is not None
    code = EXIT_ERROR
    try:
        code = _run(ctx, args, argv)
    finally:
        # Refused on a folder that was not there: it goes again — unless something was stored after all (a
        # township import refuses one package of several and merges the others).
        undo = fresh is not None and code == EXIT_REJECTED and ctx.stored_nothing()
        ctx.close()
        if undo:
            assert fresh is not None
            leave_no_trace(fresh)
    return code


def _quiet_without_log_file() -> None:
    """Until there is a log file, a refusal's warning is not printed on stderr in English (Python's last-resort
    handler): one null handler on the root logger."""
    import logging

    root = logging.getLogger()
    if not any(type(h) is logging.NullHandler for h in root.handlers):
        root.addHandler(logging.NullHandler())


def first_missing(root: Path) -> Path | None:
    """The highest folder on the way to ``root`` that does not exist yet (``root`` itself, or a parent the
    first run would make too); None when the data folder is there."""
    if os.path.lexists(root):
        return None
    top = root
    while top.parent != top and not os.path.lexists(top.parent):
        top = top.parent
    return top


def leave_no_trace(fresh: Path) -> None:
    """A command refused on a data folder that was not there before it: what it made goes again — the folder,
    its empty database, its log — so a refusal leaves the disk as it was."""
    from app.log import stop_logging

    stop_logging()  # the log file is open inside (Windows cannot delete an open file)
    shutil.rmtree(fresh, ignore_errors=True)


def _set_up_logging(root: Path) -> None:
    """The log in the data folder, once the folder is there (made by opening the data, or for an unexpected
    error's traceback)."""
    from app.log import setup_logging
    from app.paths import DataDir

    data_dir = DataDir(root)
    data_dir.ensure()
    if data_dir.writable():
        setup_logging(data_dir.log_path)


def _run(ctx: Context, args: argparse.Namespace, argv: Sequence[str]) -> int:
    """The command, and what its failures say: 0 done, 2 refused (nothing changed), 1 unexpected."""
    import logging

    from app.domain.disk_errors import (
        is_disk_full,
        is_path_problem,
        is_read_only,
        os_error_words,
        problem_file_name,
    )
    from app.domain.errors import UserError
    from app.log import describe_command
    from app.paths import DataDir

    func: Command = args.func
    try:
        code = func(ctx, args)
        sys.stdout.flush()  # here, not at interpreter exit, so that a closed pipe is seen below
        return code
    except BrokenPipeError:
        # The reader went away (`… | head -1`): like other Unix tools, end quietly.
        _silence_stdout()
        return EXIT_OK
    except UserError as exc:
        print_rejection(exc)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        say("已中断。")
        return EXIT_ERROR
    except OverflowError:
        # A date past 9999-12-31 after adding days, a count SQLite cannot store: input, not a bug.
        say("没有做任何改动：数值超出范围（日期太晚或数字太大），请检查输入的日期和数字。")
        return EXIT_REJECTED
    except Exception as exc:
        if _reader_gone(exc):
            _silence_stdout()
            return EXIT_OK
        if is_disk_full(exc) or (isinstance(exc, OSError) and is_read_only(exc)):
            logging.getLogger(__name__).warning(
                "refused (%s): %s", describe_command(argv), type(exc).__name__
            )
            say(_disk_message(exc, ctx.root))
            return EXIT_REJECTED
        if is_path_problem(exc):  # a file name the clerk gave: too long, a folder, not there, the stick gone
            assert isinstance(exc, OSError)
            logging.getLogger(__name__).warning("refused (%s): %s", describe_command(argv), exc)
            say(f"没有做任何改动：无法使用“{problem_file_name(exc)}”：{os_error_words(exc)}。")
            return EXIT_REJECTED
        with contextlib.suppress(
            OSError
        ):  # the traceback goes to the log, in a folder made for it if need be
            _set_up_logging(ctx.root)
        logging.getLogger(__name__).exception("unexpected error in command %s", describe_command(argv))
        log_path = DataDir(ctx.root).log_path
        say(f"抱歉，出现了意外错误。详细信息已记录在 {log_path}，请把这个文件交给技术人员。")
        return EXIT_ERROR
