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

  ;; Steps over units [from, to) of the text at `text`. Each unit's entry in `merged` (u32) holds
  ;; its alphabet class (low 16 bits) and 1 << 16 for a digit. `delta` (i32) is the transition
  ;; table as in KeywordAutomaton: a row offset, or its complement for a state that reports
  ;; keywords outputs[outStart[s] .. outStart[s + 1]). Hits go to `hits` as (keyword, end) pairs,
  ;; at most `hitCap` values; run starts and ends to `runs`. Returns the position reached: `to`,
  ;; or the position whose hits did not fit (not consumed; call again after emptying `hits`).
  (func (export "scan")
    (param $text i32) (param $from i32) (param $to i32)
    (param $merged i32) (param $delta i32) (param $alphabet i32) (param $outStart i32) (param $outputs i32)
    (param $hits i32) (param $hitCap i32) (param $runs i32)
    (result i32)
    (local $i i32) (local $st i32) (local $entry i32) (local $r i32) (local $s i32)
    (local $k i32) (local $kend i32) (local $nh i32) (local $nr i32) (local $in i32) (local $digit i32)
    (local.set $i (local.get $from))
    (local.set $st (global.get $state))
    (local.set $nr (global.get $runCount))
    (local.set $in (global.get $inDigit))
    (local.set $nh (global.get $hitCount))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $entry
          (i32.load (i32.add (local.get $merged)
            (i32.shl (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 2)))))
        (local.set $r
          (i32.load (i32.add (local.get $delta)
            (i32.shl (i32.add (local.get $st) (i32.and (local.get $entry) (i32.const 0xffff))) (i32.const 2)))))
        (if (i32.lt_s (local.get $r) (i32.const 0))
          (then
            (local.set $r (i32.xor (local.get $r) (i32.const -1)))
            (local.set $s (i32.div_u (local.get $r) (local.get $alphabet)))
            (local.set $k (i32.load (i32.add (local.get $outStart) (i32.shl (local.get $s) (i32.const 2)))))
            (local.set $kend (i32.load (i32.add (local.get $outStart) (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 2)))))
            ;; No room for this position's hits: stop before it.
            (if (i32.gt_u (i32.add (local.get $nh) (i32.shl (i32.sub (local.get $kend) (local.get $k)) (i32.const 1))) (local.get $hitCap))
              (then (br $done)))
            (block $written
              (loop $write
                (br_if $written (i32.ge_u (local.get $k) (local.get $kend)))
                (i32.store (i32.add (local.get $hits) (i32.shl (local.get $nh) (i32.const 2)))
                  (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $k) (i32.const 2)))))
                (i32.store (i32.add (local.get $hits) (i32.shl (i32.add (local.get $nh) (i32.const 1)) (i32.const 2)))
                  (i32.add (local.get $i) (i32.const 1)))
                (local.set $nh (i32.add (local.get $nh) (i32.const 2)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $write)))))
        (local.set $st (local.get $r))
        ;; Every position may end a run: store it, and count it only where digit-ness changes.
        (local.set $digit (i32.shr_u (local.get $entry) (i32.const 16)))
        (i32.store (i32.add (local.get $runs) (i32.shl (local.get $nr) (i32.const 2))) (local.get $i))
        (local.set $nr (i32.add (local.get $nr) (i32.xor (local.get $digit) (local.get $in))))
        (local.set $in (local.get $digit))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $step)))
    (global.set $state (local.get $st))
    (global.set $runCount (local.get $nr))
    (global.set $inDigit (local.get $in))
    (global.set $hitCount (local.get $nh))
    (local.get $i))
)
