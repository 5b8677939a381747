/** The embedding example: a host that uses the kernel's exported API and nothing else. */
module io.ringworld.example {
    requires io.ringworld.kernel;
    exports io.ringworld.example;
}
