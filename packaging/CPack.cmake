# Debian packages, built by `cmake --build --preset release --target package` into the build
# directory: clusterbench-agent_<version>_amd64.deb (the node agent, for template images) and
# clusterbench_<version>_amd64.deb (the controller and CLI). Each carries its systemd unit, its
# default configuration (a conffile) and maintainer scripts (packaging/debian/<component>/).
# Shared-library dependencies come from dpkg-shlibdeps; the benchmark tools are Recommends.

set(CB_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH "where the packages put systemd units")
set(CB_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})

# The per-folder install() rules carry no component; these put each binary into its package.
install(TARGETS clusterbench-agent clusterbench-mpi-rsh RUNTIME DESTINATION bin COMPONENT agent)
install(TARGETS clusterbench RUNTIME DESTINATION bin COMPONENT controller)

# Units name their binary by its installed path, known only at install time (CPack installs with
# the packaging prefix /usr, `cmake --install` with CMAKE_INSTALL_PREFIX).
foreach(pair "agent;clusterbench-agent" "controller;clusterbench-controller")
  list(GET pair 0 component)
  list(GET pair 1 unit)
  set(generated ${CMAKE_BINARY_DIR}/packaging/${component}/${unit}.service)
  install(CODE "set(BINDIR \"\${CMAKE_INSTALL_PREFIX}/bin\")
    configure_file(\"${CMAKE_SOURCE_DIR}/systemd/${unit}.service.in\" \"${generated}\" @ONLY)"
          COMPONENT ${component})
  install(FILES ${generated} DESTINATION ${CB_SYSTEMD_UNIT_DIR} COMPONENT ${component})
  install(FILES ${CB_PACKAGING_DIR}/${component}.conf DESTINATION /etc/clusterbench
          PERMISSIONS OWNER_READ OWNER_WRITE COMPONENT ${component})  # 0600: root's settings
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/systemd/README.md DESTINATION share/doc/clusterbench-agent
        COMPONENT agent)
# What `clusterbench study` and `clusterbench image build` need without the source tree, where
# os::findShippedFile() looks first (share/clusterbench beside bin/): the suites, and
# build-image with its guest files, the agent unit template and the default agent.conf.
file(GLOB CB_SHIPPED_SUITES ${CMAKE_SOURCE_DIR}/suites/*.yaml)
install(FILES ${CB_SHIPPED_SUITES} DESTINATION share/clusterbench/suites COMPONENT controller)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/scripts/build-image DESTINATION share/clusterbench
        COMPONENT controller)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/image DESTINATION share/clusterbench
        USE_SOURCE_PERMISSIONS COMPONENT controller)
install(FILES ${CMAKE_SOURCE_DIR}/systemd/clusterbench-agent.service.in
        DESTINATION share/clusterbench/systemd COMPONENT controller)
install(FILES ${CB_PACKAGING_DIR}/agent.conf DESTINATION share/clusterbench/packaging
        COMPONENT controller)
install(FILES ${CMAKE_SOURCE_DIR}/systemd/README.md DESTINATION share/doc/clusterbench
        COMPONENT controller)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME clusterbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "clusterbench maintainers <clusterbench@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL agent controller)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_AGENT_PACKAGE_NAME clusterbench-agent)
string(CONCAT CPACK_COMPONENT_AGENT_DESCRIPTION
       "clusterbench node agent\n"
       "Registers the node with the clusterbench controller, reports its facts, applies the\n"
       "node configuration it is sent and runs catalogued benchmarks. Bake it into the template\n"
       "image of a VM or container cluster; configure /etc/clusterbench/agent.conf.")
set(CPACK_DEBIAN_AGENT_PACKAGE_RECOMMENDS
    "sysbench, stress-ng, fio, iperf3, hpcc, openmpi-bin, iproute2")
set(CPACK_DEBIAN_AGENT_PACKAGE_SUGGESTS "iozone3, iptables, nfs-kernel-server, nfs-common, autofs")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
    "${CB_PACKAGING_DIR}/debian/agent/conffiles;${CB_PACKAGING_DIR}/debian/agent/postinst;${CB_PACKAGING_DIR}/debian/agent/prerm;${CB_PACKAGING_DIR}/debian/agent/postrm")

set(CPACK_DEBIAN_CONTROLLER_PACKAGE_NAME clusterbench)
string(CONCAT CPACK_COMPONENT_CONTROLLER_DESCRIPTION
       "clusterbench controller and CLI\n"
       "Accepts clusterbench agents over ZeroMQ/CURVE, coordinates multi-node benchmarks, stores\n"
       "every result in SQLite, exports Prometheus metrics and builds local lab clusters.")
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_SUGGESTS "prometheus")
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_CONTROL_EXTRA
    "${CB_PACKAGING_DIR}/debian/controller/conffiles;${CB_PACKAGING_DIR}/debian/controller/postinst;${CB_PACKAGING_DIR}/debian/controller/prerm;${CB_PACKAGING_DIR}/debian/controller/postrm")

include(CPack)
