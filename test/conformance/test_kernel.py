"""Jupyter's kernel conformance suite (jupyter_kernel_test) against the reprorl kernel.

Run by test/conformance/conformance.test.ts with JUPYTER_PATH pointing at a private
kernelspec named by $REPRORL_KERNEL_NAME (default "tslab"). Every optional check the kernel
supports has a sample, so none of them is skipped for lack of one.
"""
import os
import unittest

import jupyter_kernel_test


class ReprorlKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("REPRORL_KERNEL_NAME", "tslab")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2].map((x) => x * 2)", "result": "[ 2, 4 ]"},
    ]
    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>hi</b>")', "mime": "text/html"},
        {"code": 'tslab.display.markdown("**hi**")', "mime": "text/markdown"},
    ]
    completion_samples = [
        {"text": "const completionProbe = 1;\ncompletionPro", "matches": {"completionProbe"}},
    ]
    complete_code_samples = ["1", "const x = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
    code_inspect_sample = "Math.max"
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"


if __name__ == "__main__":
    unittest.main()
