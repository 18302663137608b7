/**
 * MJCF models of the DeepMind Control Suite domains used by the thesis, authored for this
 * project from the published morphology (Tassa et al. 2018 and the suite's documented
 * bodies, joints, actuators and time steps). Colours are set per geom (rgba) instead of
 * through materials so the software renderer reads them straight from `geom_rgba`;
 * the palette below carries the suite's colours.
 *
 * Geom, body, joint, site and sensor names are part of the contract with `tasks.ts`.
 */

/** The suite's colour palette (rgba strings). */
export const PALETTE = {
  self: ".7 .5 .3 1",
  effector: ".7 .4 .2 1",
  decoration: ".3 .5 .7 1",
  target: ".6 .3 .3 1",
  /** Floor: checker of two blues; the renderer draws the second colour (FLOOR_CHECKER_2). */
  floor: ".1 .2 .3 1",
} as const;
export const FLOOR_CHECKER_2: readonly [number, number, number] = [0.2, 0.3, 0.4];
/** Floor checker period in metres (one light + one dark square). */
export const FLOOR_CHECKER_PERIOD = 1;

/** Cart-pole: a cart on a rail (slider ±1.8 m) with one hinged pole, RK4 at 10 ms, no contacts. */
export function cartpoleXml(): string {
  return `<mujoco model="reprorl-cartpole">
  <option timestep="0.01" integrator="RK4">
    <flag contact="disable" energy="enable"/>
  </option>
  <worldbody>
    <camera name="fixed" pos="0 -4 1" zaxis="0 -1 0"/>
    <geom name="floor" type="plane" pos="0 0 -.05" size="4 4 .2" rgba="${PALETTE.floor}"/>
    <geom name="rail1" type="capsule" pos="0 .07 1" zaxis="1 0 0" size=".02 2" rgba="${PALETTE.decoration}"/>
    <geom name="rail2" type="capsule" pos="0 -.07 1" zaxis="1 0 0" size=".02 2" rgba="${PALETTE.decoration}"/>
    <body name="cart" pos="0 0 1">
      <joint name="slider" type="slide" axis="1 0 0" limited="true" range="-1.8 1.8" solreflimit=".08 1" damping="5e-4"/>
      <geom name="cart" type="box" size=".2 .15 .1" mass="1" rgba="${PALETTE.self}"/>
      <body name="pole_1">
        <joint name="hinge_1" type="hinge" axis="0 1 0" damping="2e-6"/>
        <geom name="pole_1" type="capsule" fromto="0 0 0 0 0 1" size=".045" mass=".1" rgba="${PALETTE.self}"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="slide" joint="slider" gear="10" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>`;
}

/**
 * Half-cheetah: planar 9-DoF runner, 6 motors, total mass 14 kg, 10 ms steps.
 * As in dm_control/suite/cheetah.xml, the cheetah's geom defaults (friction .4 .1 .1) are a
 * class the torso's subtree uses (childclass), so the ground keeps MuJoCo's default friction
 * (1 0.005 0.0001); contacts take the larger friction of the two geoms, 1 for foot on ground.
 */
export function cheetahXml(): string {
  // [name, joint range (deg), stiffness, damping, gear, body pos, geom pos, geom pitch (deg), half-length]
  const leg = (
    name: string, range: [number, number], k: number, c: number,
    bodyPos: string, geomPos: string, pitch: number, half: number, inner: string,
  ): string => `<body name="${name}" pos="${bodyPos}">
        <joint name="${name}" type="hinge" axis="0 1 0" limited="true" range="${range[0]} ${range[1]}" stiffness="${k}" damping="${c}" armature=".1"/>
        <geom name="${name}" type="capsule" pos="${geomPos}" euler="0 ${pitch} 0" size=".046 ${half}"/>
        ${inner}
      </body>`;
  const back = leg("bthigh", [-30, 60], 240, 6, "-.5 0 0", ".1 0 -.13", -218, 0.145,
    leg("bshin", [-50, 50], 180, 4.5, ".16 0 -.25", "-.14 0 -.07", -116, 0.15,
      leg("bfoot", [-230, 50], 120, 3, "-.28 0 -.14", ".03 0 -.097", -15, 0.094, "")));
  const front = leg("fthigh", [-57, 0.4], 180, 4.5, ".5 0 0", "-.07 0 -.12", 30, 0.133,
    leg("fshin", [-70, 50], 120, 3, "-.14 0 -.24", ".065 0 -.09", -34, 0.106,
      leg("ffoot", [-28, 28], 60, 1.5, ".13 0 -.18", ".045 0 -.07", -34, 0.07, "")));
  return `<mujoco model="reprorl-cheetah">
  <compiler settotalmass="14" angle="degree"/>
  <option timestep="0.01"/>
  <default>
    <default class="cheetah">
      <geom contype="1" conaffinity="1" condim="3" friction=".4 .1 .1" rgba="${PALETTE.self}"/>
    </default>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="ground" type="plane" conaffinity="1" pos="98 0 0" size="100 1.25 .5" rgba="${PALETTE.floor}"/>
    <body name="torso" pos="0 0 .7" childclass="cheetah">
      <camera name="side" pos="0 -3 0" quat="0.707 0.707 0 0" mode="trackcom"/>
      <joint name="rootx" type="slide" axis="1 0 0"/>
      <joint name="rootz" type="slide" axis="0 0 1"/>
      <joint name="rooty" type="hinge" axis="0 1 0"/>
      <geom name="torso" type="capsule" fromto="-.5 0 0 .5 0 0" size=".046"/>
      <geom name="head" type="capsule" pos=".6 0 .1" euler="0 50 0" size=".046 .15"/>
      ${back}
      ${front}
    </body>
  </worldbody>
  <sensor>
    <subtreelinvel name="torso_subtreelinvel" body="torso"/>
  </sensor>
  <actuator>
    <motor name="bthigh" joint="bthigh" gear="120"/>
    <motor name="bshin" joint="bshin" gear="90"/>
    <motor name="bfoot" joint="bfoot" gear="60"/>
    <motor name="fthigh" joint="fthigh" gear="90"/>
    <motor name="fshin" joint="fshin" gear="60"/>
    <motor name="ffoot" joint="ffoot" gear="30"/>
  </actuator>
</mujoco>`;
}

/** Planar walker: torso + two 3-segment legs, 6 motors, 2.5 ms physics steps. */
export function walkerXml(): string {
  const side = (s: "right" | "left", y: string): string => `<body name="${s}_thigh" pos="0 ${y} -.3">
        <joint name="${s}_hip" range="-20 100"/>
        <geom name="${s}_thigh" pos="0 0 -.225" size=".05 .225"/>
        <body name="${s}_leg" pos="0 0 -.7">
          <joint name="${s}_knee" pos="0 0 .25" range="-150 0"/>
          <geom name="${s}_leg" size=".04 .25"/>
          <body name="${s}_foot" pos=".06 0 -.25">
            <joint name="${s}_ankle" pos="-.06 0 0" range="-45 45"/>
            <geom name="${s}_foot" zaxis="1 0 0" size=".05 .1"/>
          </body>
        </body>
      </body>`;
  return `<mujoco model="reprorl-walker">
  <compiler angle="degree"/>
  <option timestep="0.0025"/>
  <default>
    <joint type="hinge" axis="0 -1 0" damping=".1" armature=".01" limited="true" solimplimit="0 .99 .01"/>
    <geom type="capsule" contype="1" conaffinity="0" friction=".7 .1 .1" rgba="${PALETTE.self}"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" conaffinity="1" pos="248 0 0" size="250 .8 .2" rgba="${PALETTE.floor}"/>
    <body name="torso" pos="0 0 1.3">
      <camera name="side" pos="0 -2 .7" euler="60 0 0" mode="trackcom"/>
      <joint name="rootz" type="slide" axis="0 0 1" limited="false" armature="0" damping="0"/>
      <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" limited="false" armature="0" damping="0"/>
      <geom name="torso" size=".07 .3"/>
      ${side("right", "-.05")}
      ${side("left", ".05")}
    </body>
  </worldbody>
  <sensor>
    <subtreelinvel name="torso_subtreelinvel" body="torso"/>
  </sensor>
  <actuator>
    <motor name="right_hip" joint="right_hip" gear="100"/>
    <motor name="right_knee" joint="right_knee" gear="50"/>
    <motor name="right_ankle" joint="right_ankle" gear="20"/>
    <motor name="left_hip" joint="left_hip" gear="100"/>
    <motor name="left_knee" joint="left_knee" gear="50"/>
    <motor name="left_ankle" joint="left_ankle" gear="20"/>
  </actuator>
</mujoco>`;
}

/** Two-link planar reacher seen from above; the target sphere is moved per episode. */
export function reacherXml(): string {
  return `<mujoco model="reprorl-reacher">
  <compiler angle="degree"/>
  <option timestep="0.02">
    <flag contact="disable"/>
  </option>
  <default>
    <joint type="hinge" axis="0 0 1" damping=".01"/>
    <motor gear=".05" ctrlrange="-1 1" ctrllimited="true"/>
  </default>
  <worldbody>
    <camera name="fixed" pos="0 0 .75" quat="1 0 0 0"/>
    <geom name="ground" type="plane" size=".625 .625 10" rgba="${PALETTE.floor}"/>
    <geom name="wall_x" type="box" pos="-.3 0 .02" size=".005 .3 .02" rgba="${PALETTE.decoration}"/>
    <geom name="wall_y" type="box" pos="0 -.3 .02" size=".3 .005 .02" rgba="${PALETTE.decoration}"/>
    <geom name="wall_neg_x" type="box" pos=".3 0 .02" size=".005 .3 .02" rgba="${PALETTE.decoration}"/>
    <geom name="wall_neg_y" type="box" pos="0 .3 .02" size=".3 .005 .02" rgba="${PALETTE.decoration}"/>
    <geom name="root" type="cylinder" fromto="0 0 0 0 0 .02" size=".011" rgba="${PALETTE.decoration}"/>
    <body name="arm" pos="0 0 .01">
      <geom name="arm" type="capsule" fromto="0 0 0 .12 0 0" size=".01" rgba="${PALETTE.self}"/>
      <joint name="shoulder"/>
      <body name="hand" pos=".12 0 0">
        <geom name="hand" type="capsule" fromto="0 0 0 .1 0 0" size=".01" rgba="${PALETTE.self}"/>
        <joint name="wrist" limited="true" range="-160 160"/>
        <body name="finger" pos=".12 0 0">
          <geom name="finger" type="sphere" size=".01" rgba="${PALETTE.effector}"/>
        </body>
      </body>
    </body>
    <geom name="target" type="sphere" pos="0 0 .01" size=".05" contype="0" conaffinity="0" rgba="${PALETTE.target}"/>
  </worldbody>
  <actuator>
    <motor name="shoulder" joint="shoulder"/>
    <motor name="wrist" joint="wrist"/>
  </actuator>
</mujoco>`;
}

/** Finger: a 2-link planar finger that flicks a hinged spinner; no gravity, 10 ms steps. */
export function fingerXml(): string {
  return `<mujoco model="reprorl-finger">
  <compiler angle="degree"/>
  <option timestep="0.01" cone="elliptic" iterations="200">
    <flag gravity="disable"/>
  </option>
  <default>
    <geom solimp="0 .9 .01" solref=".02 1"/>
    <joint type="hinge" axis="0 -1 0"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
    <site type="ellipsoid" size=".025 .03 .025" group="3"/>
  </default>
  <worldbody>
    <geom name="ground" type="plane" size=".6 .2 10" rgba="${PALETTE.floor}"/>
    <camera name="cam0" pos="0 -1 .8" xyaxes="1 0 0 0 1 2"/>
    <body name="proximal" pos="-.2 0 .4">
      <geom name="proximal_decoration" type="cylinder" fromto="0 -.033 0 0 .033 0" size=".034" rgba="${PALETTE.decoration}"/>
      <joint name="proximal" range="-110 110" ref="-90" damping="2.5" limited="true"/>
      <geom name="proximal" type="capsule" size=".03" fromto="0 0 0 0 0 -.17" rgba="${PALETTE.self}"/>
      <body name="distal" pos="0 0 -.18">
        <joint name="distal" range="-110 110" damping="2.5" limited="true"/>
        <geom name="distal" type="capsule" size=".028" fromto="0 0 0 0 0 -.16" contype="0" conaffinity="0" rgba="${PALETTE.self}"/>
        <geom name="fingertip" type="capsule" size=".03" fromto="0 0 -.13 0 0 -.161" rgba="${PALETTE.effector}"/>
        <site name="touchtop" pos=".01 0 -.17"/>
        <site name="touchbottom" pos="-.01 0 -.17"/>
      </body>
    </body>
    <body name="spinner" pos=".2 0 .4">
      <joint name="hinge" frictionloss=".1" damping=".5"/>
      <geom name="cap1" type="capsule" size=".04 .09" pos=".02 0 0" rgba="${PALETTE.self}"/>
      <geom name="cap2" type="capsule" size=".04 .09" pos="-.02 0 0" rgba="${PALETTE.self}"/>
      <site name="tip" type="sphere" size=".02" pos="0 0 .13" group="3"/>
      <geom name="spinner_decoration" type="cylinder" fromto="0 -.045 0 0 .045 0" size=".02" rgba="${PALETTE.decoration}"/>
    </body>
    <site name="target" type="sphere" size=".03" pos="0 0 .4" group="3"/>
  </worldbody>
  <actuator>
    <motor name="proximal" joint="proximal" gear="30"/>
    <motor name="distal" joint="distal" gear="15"/>
  </actuator>
  <sensor>
    <jointpos name="proximal" joint="proximal"/>
    <jointpos name="distal" joint="distal"/>
    <jointvel name="proximal_velocity" joint="proximal"/>
    <jointvel name="distal_velocity" joint="distal"/>
    <jointvel name="hinge_velocity" joint="hinge"/>
    <framepos name="tip" objtype="site" objname="tip"/>
    <framepos name="target" objtype="site" objname="target"/>
    <framepos name="spinner" objtype="xbody" objname="spinner"/>
    <touch name="touchtop" site="touchtop"/>
    <touch name="touchbottom" site="touchbottom"/>
  </sensor>
</mujoco>`;
}

/** Ball-in-cup: a cup on two sliders with a ball on a 0.3 m string (spatial tendon); 2 ms steps. */
export function ballInCupXml(): string {
  const part = (i: number, fromto: string): string =>
    `<geom name="cup_part_${i}" type="capsule" size=".008" fromto="${fromto}" rgba="${PALETTE.self}"/>`;
  return `<mujoco model="reprorl-ball-in-cup">
  <option timestep="0.002"/>
  <default>
    <motor ctrllimited="true" ctrlrange="-1 1" gear="5"/>
  </default>
  <worldbody>
    <geom name="ground" type="plane" size=".6 .2 10" rgba="${PALETTE.floor}"/>
    <camera name="cam0" pos="0 -1 .8" xyaxes="1 0 0 0 1 2"/>
    <camera name="cam1" pos="0 -1 .4" xyaxes="1 0 0 0 0 1"/>
    <body name="cup" pos="0 0 .6">
      <joint name="cup_x" type="slide" axis="1 0 0" damping="3" stiffness="20"/>
      <joint name="cup_z" type="slide" axis="0 0 1" damping="3" stiffness="20"/>
      ${part(0, "-.05 0 0 -.05 0 -.075")}
      ${part(1, "-.05 0 -.075 -.025 0 -.1")}
      ${part(2, "-.025 0 -.1 .025 0 -.1")}
      ${part(3, ".025 0 -.1 .05 0 -.075")}
      ${part(4, ".05 0 -.075 .05 0 0")}
      <site name="cup" pos="0 0 -.108" size=".005"/>
      <site name="target" type="box" pos="0 0 -.05" size=".05 .006 .05" group="4"/>
    </body>
    <body name="ball" pos="0 0 .2">
      <joint name="ball_x" type="slide" axis="1 0 0"/>
      <joint name="ball_z" type="slide" axis="0 0 1"/>
      <geom name="ball" type="sphere" size=".025" rgba="${PALETTE.effector}"/>
      <site name="ball" size=".005"/>
    </body>
  </worldbody>
  <actuator>
    <motor name="x" joint="cup_x"/>
    <motor name="z" joint="cup_z"/>
  </actuator>
  <tendon>
    <spatial name="string" limited="true" range="0 .3" width=".003" rgba=".3 .3 .3 1">
      <site site="ball"/>
      <site site="cup"/>
    </spatial>
  </tendon>
</mujoco>`;
}
