;; TEST DOUBLE, not a compiled Rego policy. No `opa` binary can be installed on the build
;; machines, so this hand-written module implements the OPA WebAssembly ABI 1.2 (the exports
;; an OPA ABI host calls: opa_malloc, opa_json_parse, opa_json_dump, opa_eval, ...)
;; and answers the entrypoint `sigstore/isCompliant` with a fixed rule:
;;
;;   isCompliant = data   if the loaded data document is not {} (i.e. from a bundle's data.json)
;;   isCompliant = input  otherwise
;;
;; so a test chooses the value real OPA would return (true, false, a set of {result, error,
;; warning} objects, ...) and checks how sigguard's host side reads it. Special inputs exercise
;; failures: the JSON string "abort" calls opa_abort, "oom" allocates until memory runs out,
;; "trap" executes `unreachable`, "spin" loops forever (only ever run it in a worker). An empty input yields the empty (undefined) result set.
;; JSON values are kept as their text: opa_json_parse copies, opa_json_dump returns it.
;; Rebuild the .wasm with: node packages/predicate/scripts/build-opa-test-double.mjs
(module
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func $opa_abort (param i32)))

  (global $heap (mut i32) (i32.const 65536))
  (global (export "opa_wasm_abi_version") i32 (i32.const 1))
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2))

  (data (i32.const 16) "{}\00")
  (data (i32.const 32) "{\"sigstore/isCompliant\":0}\00")
  (data (i32.const 128) "[{\"result\":")
  (data (i32.const 160) "}]\00")
  (data (i32.const 192) "test double: abort requested by input\00")
  (data (i32.const 256) "opa_malloc: out of memory (test double)\00")
  (data (i32.const 320) "[]\00")

  (func $malloc (export "opa_malloc") (param $n i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $ok
      (loop $grow
        (br_if $ok (i32.le_u (local.get $end) (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1))
          (then (call $opa_abort (i32.const 256)) (unreachable)))
        (br $grow)))
    (global.set $heap (local.get $end))
    (local.get $p))

  (func (export "opa_free") (param i32))

  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i))
                    (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func (export "opa_json_parse") (param $addr i32) (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (call $malloc (i32.add (local.get $len) (i32.const 1))))
    (call $copy (local.get $p) (local.get $addr) (local.get $len))
    (i32.store8 (i32.add (local.get $p) (local.get $len)) (i32.const 0))
    (local.get $p))

  (func (export "opa_json_dump") (param $v i32) (result i32) (local.get $v))
  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func (export "opa_heap_ptr_set") (param $p i32) (global.set $heap (local.get $p)))
  (func (export "builtins") (result i32) (i32.const 16))
  (func (export "entrypoints") (result i32) (i32.const 32))

  ;; opa_eval(reserved, entrypoint, data, input, input_len, heap_ptr, format) -> result JSON address
  (func (export "opa_eval") (param $reserved i32) (param $entrypoint i32) (param $data i32)
        (param $input i32) (param $inputLen i32) (param $heapPtr i32) (param $format i32) (result i32)
    (local $src i32) (local $len i32) (local $out i32)
    (global.set $heap (local.get $heapPtr))
    (local.set $len (call $strlen (local.get $data)))
    (if (i32.eq (local.get $len) (i32.const 2))
      (then (local.set $src (local.get $input)) (local.set $len (local.get $inputLen)))
      (else (local.set $src (local.get $data))))
    (if (i32.eqz (local.get $len)) (then (return (i32.const 320))))
    ;; "abort" / "oom" / "trap" / "spin" (a JSON string: quote, then the word)
    (if (i32.eq (i32.load8_u (local.get $src)) (i32.const 34))
      (then
        (if (i32.eq (i32.load8_u offset=1 (local.get $src)) (i32.const 97))      ;; 'a'
          (then (call $opa_abort (i32.const 192)) (unreachable)))
        (if (i32.eq (i32.load8_u offset=1 (local.get $src)) (i32.const 111))     ;; 'o'
          (then (loop $forever (drop (call $malloc (i32.const 1048576))) (br $forever))))
        (if (i32.eq (i32.load8_u offset=1 (local.get $src)) (i32.const 116))     ;; 't'
          (then (unreachable)))
        (if (i32.eq (i32.load8_u offset=1 (local.get $src)) (i32.const 115))     ;; 's'
          (then (loop $spin (br $spin))))))
    (local.set $out (call $malloc (i32.add (local.get $len) (i32.const 14))))
    (call $copy (local.get $out) (i32.const 128) (i32.const 11))
    (call $copy (i32.add (local.get $out) (i32.const 11)) (local.get $src) (local.get $len))
    (call $copy (i32.add (i32.add (local.get $out) (i32.const 11)) (local.get $len)) (i32.const 160) (i32.const 3))
    (local.get $out)))
