"""Command line, projects on a team server: ``coding copy | users | members``.

These act as the server's administrator: whoever holds the database's URL and password
(see :mod:`coding.store.accounts`)."""

from __future__ import annotations

import argparse
import getpass
import sys

from coding.errors import AccountError, shown_name
from coding.store.roles import Role


def add_server_commands(commands: argparse._SubParsersAction) -> None:
    copy = commands.add_parser(
        "copy", help="copy a project to a new place or engine (SQLite file ⇄ PostgreSQL)")
    copy.add_argument("source", help="project file, or postgresql://…/DATABASE/PROJECT")
    copy.add_argument("target", help="a new project file, or a new project on a server")
    copy.set_defaults(handler=_copy)

    users = commands.add_parser("users", help="accounts on a team server: add, list, disable")
    users_do = users.add_subparsers(required=True, metavar="ACTION")
    add = users_do.add_parser("add", help="a new account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    for parser, handler in ((add, _users_add),
                            (users_do.add_parser("list", help="every account"), _users_list),
                            (users_do.add_parser("disable", help="stop an account signing "
                                                 "in (its decisions stay)"), _users_disable)):
        parser.add_argument("--server", required=True, metavar="URL",
                            help="the database: postgresql://USER@HOST/DATABASE")
        parser.set_defaults(handler=handler)
    users_do.choices["disable"].add_argument("name")

    members = commands.add_parser("members", help="who may open a server project, in which "
                                  "role (lead, coder, viewer)")
    members_do = members.add_subparsers(required=True, metavar="ACTION")
    member_add = members_do.add_parser("add", help="add a member, or change their role")
    member_add.add_argument("name")
    member_add.add_argument("--role", required=True, choices=[r.value for r in Role])
    member_remove = members_do.add_parser("remove", help="a member can no longer open it")
    member_remove.add_argument("name")
    for parser, handler in ((member_add, _members_add), (member_remove, _members_remove),
                            (members_do.add_parser("list", help="members and roles"),
                             _members_list)):
        parser.add_argument("--project", required=True, metavar="URL",
                            help="postgresql://USER@HOST/DATABASE/PROJECT")
        parser.set_defaults(handler=handler)


def _copy(args: argparse.Namespace) -> int:
    from coding.store import parse_address
    from coding.store.copy import copy_project

    counts = copy_project(args.source, args.target)
    source, target = (shown_name(str(parse_address(a))) for a in (args.source, args.target))
    print(f"copied {sum(counts.values()):,} rows in {len(counts)} tables from {source} to "
          f"{target}.")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ.", fix="type the same password twice.")
    return first


def _users_add(args: argparse.Namespace) -> int:
    from coding.store.accounts import add_user

    add_user(args.server, args.name, _password(args))
    print(f"added the account {args.name}.")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    from coding.store.accounts import users

    for user in users(args.server):
        print(f"{user.name}\t{'disabled' if user.disabled else 'enabled'}\t{user.created_at}")
    return 0


def _users_disable(args: argparse.Namespace) -> int:
    from coding.store.accounts import disable_user

    disable_user(args.server, args.name)
    print(f"disabled the account {args.name}; its decisions stay.")
    return 0


def _members_add(args: argparse.Namespace) -> int:
    from coding.store import Project

    with Project(args.project) as project:
        project.set_member(args.name, args.role)
    print(f"{args.name} is a {args.role} of the project.")
    return 0


def _members_remove(args: argparse.Namespace) -> int:
    from coding.store import Project

    with Project(args.project) as project:
        project.remove_member(args.name)
    print(f"{args.name} is no longer a member; their decisions stay.")
    return 0


def _members_list(args: argparse.Namespace) -> int:
    from coding.store import Project

    with Project(args.project) as project:
        for member in project.members():
            print(f"{member.name}\t{member.role}\tadded by {member.added_by} "
                  f"{member.added_at}")
    return 0
