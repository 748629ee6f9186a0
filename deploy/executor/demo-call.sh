#!/bin/sh
# One call of the demo map: input 2 is a straggler on its first attempt (40 s), every other call takes 3 s.
# The executor gives the call's input as $1 and its attempt number in SLA_ATTEMPT.
if [ "$1" = 2 ] && [ "${SLA_ATTEMPT:-0}" = 0 ]; then
  sleep 40
else
  sleep 3
fi
