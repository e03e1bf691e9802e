#!/bin/sh
# Checks the messages of the commits in BASE..HEAD against CONTRIBUTING.md:
# a subject of at most 72 characters in the imperative, a blank line, then a
# body; a merge commit says only "Merge branch 'name'".
# Usage: tools/check-commits.sh BASE [HEAD]   (exit status 1 on a violation)
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 BASE [HEAD]" >&2
    exit 2
fi
range="$1..${2:-HEAD}"
status=0

fail() {
    echo "$1: $2" >&2
    status=1
}

for commit in $(git rev-list "$range"); do
    short=$(git rev-parse --short "$commit")
    subject=$(git log -1 --format=%s "$commit")
    second=$(git log -1 --format=%B "$commit" | sed -n 2p)
    body=$(git log -1 --format=%b "$commit" | tr -d '[:space:]')
    parents=$(git log -1 --format=%p "$commit" | wc -w)
    if [ "$parents" -gt 1 ]; then
        echo "$subject" | grep -Eq "^Merge branch '[^']+'( into [^ ]+)?$" \
            || fail "$short" "a merge's subject is only \"Merge branch 'name'\": $subject"
        [ -z "$body" ] || fail "$short" "a merge carries no message body of its own"
        continue
    fi
    [ ${#subject} -le 72 ] || fail "$short" "subject longer than 72 characters (${#subject}): $subject"
    first=$(echo "$subject" | cut -d' ' -f1)
    case "$first" in
        [a-z]*) fail "$short" "subject does not start with a capital letter: $subject" ;;
    esac
    case "$first" in
        Embed|Exceed|Feed|Need|Proceed|Seed|Shed|Speed|Succeed|Bring|String) ;;
        *ed|*ing) fail "$short" "subject is not in the imperative (\"$first\"): $subject" ;;
    esac
    [ -z "$second" ] || fail "$short" "no blank line after the subject"
    [ -n "$body" ] || fail "$short" "no body: say the problem, the mechanism and the fix"
done
exit $status
