;; The prefilter loop of keyword-automaton.ts (stepBlock), compiled: one step of the keyword
;; automaton per UTF-16 code unit, and where runs of ASCII digits start and end. The caller lays
;; out memory (offsets in bytes, all 4-byte aligned) and passes them in; the loop keeps its state
;; in globals so that a scan stopped for want of room for hits resumes where it stopped.
(module
  (memory (export "memory") 1)
  (global $state (export "state") (mut i32) (i32.const 0))
  (global $runCount (export "runCount") (mut i32) (i32.const 0))
  (global $inDigit (export "inDigit") (mut i32) (i32.const 0))
  (global $hitCount (export "hitCount") (mut i32) (i32.const 0))
  (global $prevUnit (export "prevUnit") (mut i32) (i32.const 0))

  ;; Steps over units [from, to) of the text at `text`. Each unit's entry in `merged` (u32) holds
  ;; its alphabet class times 4 (low 16 bits), 1 << 16 for a digit and 1 << 17 for an ASCII letter
  ;; or digit. `info` (i32 per keyword) holds each keyword's length and 1 << 16 when it counts only
  ;; at the start of a word: its hits with a letter or digit before them are not written. `delta`
  ;; (i32) is the transition table of KeywordAutomaton with each row offset turned into the row's
  ;; address in memory (`delta` + offset * 4), or its complement for a state s that reports
  ;; keywords outputs[outStart[s] .. outStart[s + 1]); `rowBytes` is the size of a row. The state
  ;; (global `state`) is a row's address, so one addition and one load make a step. Hits go to `hits` as
  ;; (keyword, end) pairs, at most `hitCap` values; run starts and ends to `runs`, and beside each
  ;; in `around` the unit before it (high 16 bits) and the unit at it (low 16 bits): for a start,
  ;; what precedes the run and its first digit; for an end, its last digit and what follows.
  ;; Returns the position reached: `to`, or the position whose hits did not fit (not consumed;
  ;; call again after emptying `hits`).
  (func (export "scan")
    (param $text i32) (param $from i32) (param $to i32)
    (param $merged i32) (param $delta i32) (param $rowBytes i32) (param $outStart i32) (param $outputs i32)
    (param $hits i32) (param $hitCap i32) (param $runs i32) (param $around i32) (param $info i32)
    (result i32)
    (local $i i32) (local $st i32) (local $entry i32) (local $r i32) (local $s i32)
    (local $k i32) (local $kend i32) (local $nh i32) (local $nr i32) (local $in i32) (local $digit i32)
    (local $unit i32) (local $prev i32) (local $kw i32) (local $kwInfo i32) (local $before i32)
    (local.set $i (local.get $from))
    (local.set $st (global.get $state))
    (local.set $nr (global.get $runCount))
    (local.set $in (global.get $inDigit))
    (local.set $nh (global.get $hitCount))
    (local.set $prev (global.get $prevUnit))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $unit (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $entry
          (i32.load (i32.add (local.get $merged) (i32.shl (local.get $unit) (i32.const 2)))))
        (local.set $r (i32.load (i32.add (local.get $st) (i32.and (local.get $entry) (i32.const 0xffff)))))
        (if (i32.lt_s (local.get $r) (i32.const 0))
          (then
            (local.set $r (i32.xor (local.get $r) (i32.const -1)))
            (local.set $s (i32.div_u (i32.sub (local.get $r) (local.get $delta)) (local.get $rowBytes)))
            (local.set $k (i32.load (i32.add (local.get $outStart) (i32.shl (local.get $s) (i32.const 2)))))
            (local.set $kend (i32.load (i32.add (local.get $outStart) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2)))))
            ;; No room for this position's hits: stop before it.
            (if (i32.gt_u (i32.add (local.get $nh) (i32.shl (i32.sub (local.get $kend) (local.get $k)) (i32.const 1))) (local.get $hitCap))
              (then (br $done)))
            (block $written
              (loop $write
                (br_if $written (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $kw (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $kwInfo (i32.load (i32.add (local.get $info) (i32.shl (local.get $kw) (i32.const 2)))))
                ;; A word-start keyword with a letter or digit before it: not a hit.
                (if (i32.and (local.get $kwInfo) (i32.const 0x10000))
                  (then
                    (local.set $before (i32.sub (local.get $i) (i32.and (local.get $kwInfo) (i32.const 0xffff))))
                    (br_if $write
                      (i32.and
                        (i32.ge_s (local.get $before) (i32.const 0))
                        (i32.shr_u
                          (i32.load (i32.add (local.get $merged)
                            (i32.shl (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $before) (i32.const 1)))) (i32.const 2))))
                          (i32.const 17))))))
                (i32.store (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 2))) (local.get $kw))
                (i32.store (i32.add (local.get $hits) (i32.shl (i32.add (local.get $nh) (i32.const 1)) (i32.const 2)))
                  (i32.add (local.get $i) (i32.const 1)))
                (local.set $nh (i32.add (local.get $nh) (i32.const 2)))
                (br $write)))))
        (local.set $st (local.get $r))
        ;; Every position may end a run: store it, and count it only where digit-ness changes.
        (local.set $digit (i32.and (i32.shr_u (local.get $entry) (i32.const 16)) (i32.const 1)))
        (i32.store (i32.add (local.get $runs) (i32.shl (local.get $nr) (i32.const 2))) (local.get $i))
        (i32.store (i32.add (local.get $around) (i32.shl (local.get $nr) (i32.const 2)))
          (i32.or (i32.shl (local.get $prev) (i32.const 16)) (local.get $unit)))
        (local.set $prev (local.get $unit))
        (local.set $nr (i32.add (local.get $nr) (i32.xor (local.get $digit) (local.get $in))))
        (local.set $in (local.get $digit))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $step)))
    (global.set $state (local.get $st))
    (global.set $runCount (local.get $nr))
    (global.set $inDigit (local.get $in))
    (global.set $hitCount (local.get $nh))
    (global.set $prevUnit (local.get $prev))
    (local.get $i))

  ;; The digit runs of the last `scan` that two finders look at, read from the units recorded
  ;; around them: for each run k (`runs[k]` its start, `runs[k + 1]` its end, k even, k < count),
  ;; k << 3 | bits goes to `out` when bits is not 0, and the function returns how many went:
  ;; 1: a legacy Bitcoin address may start there: its first digit is 1 or 3, no ASCII letter or
  ;;    digit precedes it, and it is 26 digits long or an ASCII letter or digit follows it;
  ;; 2: an upper-case letter A-Z precedes it (an IBAN, PAN or fiscal code may end their letters there);
  ;; 4: it is one digit, 1-9, with A-Z after it (the start of a Medicare MBI).
  ;; Bit 17 of a unit's `merged` entry is 1 for an ASCII letter or digit.
  (func (export "runCandidates")
    (param $runs i32) (param $around i32) (param $count i32) (param $merged i32) (param $out i32)
    (result i32)
    (local $k i32) (local $n i32) (local $start i32) (local $end i32) (local $unit i32)
    (local $before i32) (local $after i32) (local $length i32) (local $bits i32)
    (block $done
      (loop $run
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $start (i32.load (i32.add (local.get $around) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $around) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $length
          (i32.sub
            (i32.load offset=4 (i32.add (local.get $runs) (i32.shl (local.get $k) (i32.const 2))))
            (i32.load (i32.add (local.get $runs) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $unit (i32.and (local.get $start) (i32.const 0xffff)))
        (local.set $before (i32.shr_u (local.get $start) (i32.const 16)))
        (local.set $after (i32.and (local.get $end) (i32.const 0xffff)))
        (local.set $bits
          (i32.or
            (i32.or
              ;; 1 or 3, nothing alphanumeric before, long enough or more after.
              (i32.and
                (i32.and
                  (i32.eq (i32.or (local.get $unit) (i32.const 2)) (i32.const 51))
                  (i32.eqz (i32.and (i32.shr_u
                    (i32.load (i32.add (local.get $merged) (i32.shl (local.get $before) (i32.const 2)))) (i32.const 17)) (i32.const 1))))
                (i32.or
                  (i32.ge_s (local.get $length) (i32.const 26))
                  (i32.and (i32.shr_u
                    (i32.load (i32.add (local.get $merged) (i32.shl (local.get $after) (i32.const 2)))) (i32.const 17)) (i32.const 1))))
              (i32.shl (i32.lt_u (i32.sub (local.get $before) (i32.const 65)) (i32.const 26)) (i32.const 1)))
            (i32.shl
              (i32.and
                (i32.and (i32.eq (local.get $length) (i32.const 1)) (i32.ne (local.get $unit) (i32.const 48)))
                (i32.lt_u (i32.sub (local.get $after) (i32.const 65)) (i32.const 26)))
              (i32.const 2))))
        (if (local.get $bits)
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
              (i32.or (i32.shl (local.get $k) (i32.const 3)) (local.get $bits)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $run)))
    (local.get $n))

  (global $tokenCount (export "tokenCount") (mut i32) (i32.const 0))

  ;; Numeric tokens (numericTokens in keyword-automaton.ts) from the digit runs of the last `scan`,
  ;; starting at run index `k`: runs joined by one separator (its bit in `sepBits`, u8 per ASCII
  ;; unit, 0 for none) or by ") " or " (" form one token, written to `out` as start, end, digits
  ;; and groups << 8 | separator bits when it has at least `minDigits` digits. The units between
  ;; runs are read from `around`. At most `cap` values (global `tokenCount` says how many); returns
  ;; the run index reached (`count`, or the first run of a token that did not fit).
  (func (export "tokens")
    (param $runs i32) (param $around i32) (param $k i32) (param $count i32) (param $sepBits i32)
    (param $minDigits i32) (param $out i32) (param $cap i32)
    (result i32)
    (local $n i32) (local $start i32) (local $end i32) (local $digits i32) (local $groups i32)
    (local $seps i32) (local $j i32) (local $next i32) (local $gap i32) (local $a i32) (local $b i32)
    (local $bit i32) (local $rec i32)
    (block $done
      (loop $token
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (br_if $done (i32.gt_u (i32.add (local.get $n) (i32.const 4)) (local.get $cap)))
        (local.set $start (i32.load (i32.add (local.get $runs) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $runs) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $digits (i32.sub (local.get $end) (local.get $start)))
        (local.set $groups (i32.const 1))
        (local.set $seps (i32.const 0))
        (local.set $j (i32.add (local.get $k) (i32.const 2)))
        (block $joined
          (loop $join
            (br_if $joined (i32.ge_u (local.get $j) (local.get $count)))
            (local.set $next (i32.load (i32.add (local.get $runs) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $gap (i32.sub (local.get $next) (local.get $end)))
            ;; The unit at the end of the last run, and (for a gap of two) the one before the next.
            (local.set $a (i32.and (i32.load (i32.add (local.get $around) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2)))) (i32.const 0xffff)))
            (if (i32.eq (local.get $gap) (i32.const 1))
              (then
                (local.set $bit (i32.const 0))
                (if (i32.lt_u (local.get $a) (i32.const 128))
                  (then (local.set $bit (i32.load8_u (i32.add (local.get $sepBits) (local.get $a))))))
                (br_if $joined (i32.eqz (local.get $bit)))
                (local.set $seps (i32.or (local.get $seps) (local.get $bit))))
              (else
                (br_if $joined (i32.ne (local.get $gap) (i32.const 2)))
                (local.set $b (i32.shr_u (i32.load (i32.add (local.get $around) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 16)))
                (br_if $joined
                  (i32.eqz
                    (i32.or
                      (i32.and (i32.eq (local.get $a) (i32.const 41)) (i32.eq (local.get $b) (i32.const 32)))
                      (i32.and (i32.eq (local.get $a) (i32.const 32)) (i32.eq (local.get $b) (i32.const 40))))))
                (local.set $seps (i32.or (local.get $seps) (i32.const 33)))))
            (local.set $end (i32.load offset=4 (i32.add (local.get $runs) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $digits (i32.add (local.get $digits) (i32.sub (local.get $end) (local.get $next))))
            (local.set $groups (i32.add (local.get $groups) (i32.const 1)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $join)))
        (if (i32.ge_s (local.get $digits) (local.get $minDigits))
          (then
            (local.set $rec (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
            (i32.store (local.get $rec) (local.get $start))
            (i32.store offset=4 (local.get $rec) (local.get $end))
            (i32.store offset=8 (local.get $rec) (local.get $digits))
            (i32.store offset=12 (local.get $rec) (i32.or (i32.shl (local.get $groups) (i32.const 8)) (local.get $seps)))
            (local.set $n (i32.add (local.get $n) (i32.const 4)))))
        (local.set $k (local.get $j))
        (br $token)))
    (global.set $tokenCount (local.get $n))
    (local.get $k))

  (global $lineCount (export "lineCount") (mut i32) (i32.const 0))

  ;; One step of the source-code line loop (judgeLine in source-code.ts) at unit $i.
  ;; Lines of [from, to) as judgeLine reads them: each line's start, end (its newline or `to`),
  ;; first and last characters that are not blanks, the end of what is read (80 units after the
  ;; first), the packed counts and marks taken from `pair` (i32) and `tri` (u16) by the last three
  ;; fine kinds (`fine`, u8 per unit), and a flag: 1 blank, 2 prose by its first 48 units, else 0.
  ;; Eight i32 per line at `out`, at most `cap` lines; returns where the next line starts.
  (func (export "lines")
    (param $text i32) (param $from i32) (param $to i32)
    (param $fine i32) (param $pair i32) (param $tri i32) (param $out i32) (param $cap i32)
    (result i32)
    (local $s i32) (local $e i32) (local $first i32) (local $last i32) (local $stop i32)
    (local $i i32) (local $c i32) (local $window i32) (local $counts i32) (local $marks i32)
    (local $n i32) (local $firstStop i32) (local $flag i32) (local $rec i32)
    (local.set $s (local.get $from))
    (block $all
      (loop $line
        (br_if $all (i32.ge_u (local.get $s) (local.get $to)))
        (br_if $all (i32.ge_u (local.get $n) (local.get $cap)))
        ;; The line ends at its newline, or at `to`.
        (local.set $e (local.get $s))
        ;; Eight units at a time while eight remain before `to`: the lowest newline among them, if any.
        (block $near
          (loop $wide
            (br_if $near (i32.gt_u (i32.add (local.get $e) (i32.const 8)) (local.get $to)))
            (local.set $c
              (i16x8.bitmask
                (i16x8.eq
                  (v128.load (i32.add (local.get $text) (i32.shl (local.get $e) (i32.const 1))))
                  (i16x8.splat (i32.const 10)))))
            (if (local.get $c)
              (then
                (local.set $e (i32.add (local.get $e) (i32.ctz (local.get $c))))
                (br $near)))
            (local.set $e (i32.add (local.get $e) (i32.const 8)))
            (br $wide)))
        (block $found
          (loop $seek
            (br_if $found (i32.ge_u (local.get $e) (local.get $to)))
            (br_if $found (i32.eq (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $e) (i32.const 1)))) (i32.const 10)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $seek)))
        ;; Indent (spaces and tabs) and trailing blanks (spaces, tabs, carriage returns).
        (local.set $first (local.get $s))
        (block $indented
          (loop $indent
            (br_if $indented (i32.ge_u (local.get $first) (local.get $e)))
            (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $first) (i32.const 1)))))
            (br_if $indented (i32.and (i32.ne (local.get $c) (i32.const 32)) (i32.ne (local.get $c) (i32.const 9))))
            (local.set $first (i32.add (local.get $first) (i32.const 1)))
            (br $indent)))
        (local.set $last (i32.sub (local.get $e) (i32.const 1)))
        (block $trimmed
          (loop $trim
            (br_if $trimmed (i32.lt_s (local.get $last) (local.get $first)))
            (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $last) (i32.const 1)))))
            (br_if $trimmed
              (i32.and (i32.and (i32.ne (local.get $c) (i32.const 32)) (i32.ne (local.get $c) (i32.const 9))) (i32.ne (local.get $c) (i32.const 13))))
            (local.set $last (i32.sub (local.get $last) (i32.const 1)))
            (br $trim)))
        (local.set $counts (i32.const 0))
        (local.set $marks (i32.const 0))
        (local.set $stop (local.get $first))
        (if (i32.gt_s (local.get $first) (local.get $last))
          (then (local.set $flag (i32.const 1)))
          (else
            (local.set $flag (i32.const 0))
            (local.set $stop (i32.add (local.get $first) (i32.const 80)))
            (if (i32.lt_u (i32.add (local.get $last) (i32.const 1)) (local.get $stop))
              (then (local.set $stop (i32.add (local.get $last) (i32.const 1)))))
            (local.set $firstStop (i32.add (local.get $first) (i32.const 48)))
            (if (i32.lt_u (local.get $stop) (local.get $firstStop))
              (then (local.set $firstStop (local.get $stop))))
            (local.set $window (i32.const 0))
            (local.set $i (local.get $first))
            (block $head
              (loop $read
                (br_if $head (i32.ge_u (local.get $i) (local.get $firstStop)))
                (local.set $window
                  (i32.and
                    (i32.or (i32.shl (local.get $window) (i32.const 5))
                      (i32.load8_u (i32.add (local.get $fine)
                        (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))))
                    (i32.const 0x7fff)))
                (local.set $counts (i32.add (local.get $counts)
                  (i32.load (i32.add (local.get $pair) (i32.shl (i32.and (local.get $window) (i32.const 0x3ff)) (i32.const 2))))))
                (local.set $marks (i32.add (local.get $marks)
                  (i32.load16_u (i32.add (local.get $tri) (i32.shl (local.get $window) (i32.const 1))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $read)))
            (if (i32.lt_u (local.get $i) (local.get $stop))
              (then
                ;; Forty-eight units of words without punctuation: prose, not read on.
                (if (i32.and
                      (i32.eqz (i32.and (i32.shr_u (local.get $counts) (i32.const 19)) (i32.const 127)))
                      (i32.ge_u (i32.and (local.get $counts) (i32.const 63)) (i32.const 5)))
                  (then (local.set $flag (i32.const 2)))
                  (else
                    (block $tail
                      (loop $rest
                        (br_if $tail (i32.ge_u (local.get $i) (local.get $stop)))
                        (local.set $window
                          (i32.and
                            (i32.or (i32.shl (local.get $window) (i32.const 5))
                              (i32.load8_u (i32.add (local.get $fine)
                                (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))))
                            (i32.const 0x7fff)))
                        (local.set $counts (i32.add (local.get $counts)
                          (i32.load (i32.add (local.get $pair) (i32.shl (i32.and (local.get $window) (i32.const 0x3ff)) (i32.const 2))))))
                        (local.set $marks (i32.add (local.get $marks)
                          (i32.load16_u (i32.add (local.get $tri) (i32.shl (local.get $window) (i32.const 1))))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br $rest)))))))))
        (local.set $rec (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 5))))
        (i32.store (local.get $rec) (local.get $s))
        (i32.store offset=4 (local.get $rec) (local.get $e))
        (i32.store offset=8 (local.get $rec) (local.get $first))
        (i32.store offset=12 (local.get $rec) (local.get $last))
        (i32.store offset=16 (local.get $rec) (local.get $stop))
        (i32.store offset=20 (local.get $rec) (local.get $counts))
        (i32.store offset=24 (local.get $rec) (local.get $marks))
        (i32.store offset=28 (local.get $rec) (local.get $flag))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $s (i32.add (local.get $e) (i32.const 1)))
        (br $line)))
    (global.set $lineCount (local.get $n))
    (local.get $s))

  (global $macCount (export "macCount") (mut i32) (i32.const 0))

  ;; Where MAC addresses may have their first separator, in [from, to): a `:` or `-` with the same
  ;; unit three and six units on (two hex digits between), or a `.` with another five units on
  ;; (four between). Eight units at a time; the positions go to `out` in increasing order, at most
  ;; `cap`; returns where it stopped (`to`, or earlier when `out` could not take eight more). Reads
  ;; up to fourteen units past `to`: the caller keeps memory there and checks each candidate.
  (func (export "macs")
    (param $text i32) (param $from i32) (param $to i32) (param $out i32) (param $cap i32)
    (result i32)
    (local $i i32) (local $n i32) (local $mask i32) (local $at i32) (local $v v128)
    (local.set $i (local.get $from))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (br_if $done (i32.gt_u (i32.add (local.get $n) (i32.const 8)) (local.get $cap)))
        (local.set $at (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $v (v128.load (local.get $at)))
        (local.set $mask
          (i16x8.bitmask
            (v128.or
              (v128.and
                (v128.and
                  (v128.or
                    (i16x8.eq (local.get $v) (i16x8.splat (i32.const 58)))
                    (i16x8.eq (local.get $v) (i16x8.splat (i32.const 45))))
                  (i16x8.eq (local.get $v) (v128.load offset=6 (local.get $at))))
                (i16x8.eq (local.get $v) (v128.load offset=12 (local.get $at))))
              (v128.and
                (i16x8.eq (local.get $v) (i16x8.splat (i32.const 46)))
                (i16x8.eq (local.get $v) (v128.load offset=10 (local.get $at)))))))
        ;; Lanes at or past `to` do not count.
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $to))
          (then
            (local.set $mask
              (i32.and (local.get $mask)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $i))) (i32.const 1))))))
        (block $listed
          (loop $each
            (br_if $listed (i32.eqz (local.get $mask)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $i) (i32.ctz (local.get $mask))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $each)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (global.set $macCount (local.get $n))
    (local.get $i))
)
