;; Elementwise optimizer updates in wasm SIMD128 over tfjs-backend-wasm's memory (imported; the
;; line MEMORY is replaced by scripts/build-wasm-modules.js). Every operation is one IEEE
;; float32 operation (f32x4 lanes, f32 for the tail), the same operations in the same order as
;; the tensor-op sequences they replace (agents/adam.ts, agents/nn.ts softUpdate), so the results
;; are bit-identical to them. All pointers are byte offsets of float32 arrays of n elements.
(module
  MEMORY

  ;; Adam: g <- g*clip (if useClip); g <- g + p*wd (if useWd);
  ;; m' = m*b1 + g*ob1; v' = v*b2 + (g*g)*ob2; p' = p - ((m'/c1) / (sqrt(v'/c2) + eps))*lr
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32)
        (param $po i32) (param $mo i32) (param $vo i32) (param $n i32)
        (param $b1 f32) (param $ob1 f32) (param $b2 f32) (param $ob2 f32) (param $c1 f32) (param $c2 f32)
        (param $eps f32) (param $lr f32) (param $clip f32) (param $wd f32) (param $useClip i32) (param $useWd i32)
    (local $i i32) (local $o i32) (local $n4 i32)
    (local $G v128) (local $P v128) (local $M v128) (local $V v128)
    (local $gs f32) (local $ps f32) (local $ms f32) (local $vs f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $P (v128.load (i32.add (local.get $p) (local.get $o))))
      (if (local.get $useClip) (then (local.set $G (f32x4.mul (local.get $G) (f32x4.splat (local.get $clip))))))
      (if (local.get $useWd) (then (local.set $G (f32x4.add (local.get $G) (f32x4.mul (local.get $P) (f32x4.splat (local.get $wd)))))))
      (local.set $M (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $G) (f32x4.splat (local.get $ob1)))))
      (local.set $V (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $G) (local.get $G)) (f32x4.splat (local.get $ob2)))))
      (v128.store (i32.add (local.get $mo) (local.get $o)) (local.get $M))
      (v128.store (i32.add (local.get $vo) (local.get $o)) (local.get $V))
      (v128.store (i32.add (local.get $po) (local.get $o))
        (f32x4.sub (local.get $P)
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $M) (f32x4.splat (local.get $c1)))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $V) (f32x4.splat (local.get $c2)))) (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $lr)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (block $tdone (loop $tl
      (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $ps (f32.load (i32.add (local.get $p) (local.get $o))))
      (if (local.get $useClip) (then (local.set $gs (f32.mul (local.get $gs) (local.get $clip)))))
      (if (local.get $useWd) (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ps) (local.get $wd))))))
      (local.set $ms (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
        (f32.mul (local.get $gs) (local.get $ob1))))
      (local.set $vs (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $ob2))))
      (f32.store (i32.add (local.get $mo) (local.get $o)) (local.get $ms))
      (f32.store (i32.add (local.get $vo) (local.get $o)) (local.get $vs))
      (f32.store (i32.add (local.get $po) (local.get $o))
        (f32.sub (local.get $ps)
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $c1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
            (local.get $lr))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tl))))

  ;; Polyak averaging: out = s*tau + t*otau
  (func (export "polyak") (param $s i32) (param $t i32) (param $out i32) (param $n i32) (param $tau f32) (param $otau f32)
    (local $i i32) (local $o i32) (local $n4 i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $s) (local.get $o))) (f32x4.splat (local.get $tau)))
          (f32x4.mul (v128.load (i32.add (local.get $t) (local.get $o))) (f32x4.splat (local.get $otau)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (block $tdone (loop $tl
      (br_if $tdone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $s) (local.get $o))) (local.get $tau))
          (f32.mul (f32.load (i32.add (local.get $t) (local.get $o))) (local.get $otau))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tl))))
)
