"""Every optimizer's first two updates, against numbers worked out by hand.

One parameter vector p0 = [1, -2] and two gradients g1 = [0.5, 1], g2 = [0.25, -0.5]. Each
expected value below is the update rule of optim.py evaluated with pencil and paper; the
arithmetic is written out so a reader can follow it.
"""

import numpy as np
import pytest

from course_utils import optim

P0 = [1.0, -2.0]
G1 = [0.5, 1.0]
G2 = [0.25, -0.5]


def two_steps(opt):
    """Apply g1 then g2 to a copy of p0, via the list-of-arrays API; return p1, p2."""
    p = np.array(P0)
    opt.update([p], [np.array(G1)])
    p1 = p.copy()
    opt.update([p], [np.array(G2)])
    return p1, p.copy()


def test_sgd():
    # p1 = p0 - 0.1 g1 = [1 - 0.05, -2 - 0.1];  p2 = p1 - 0.1 g2 = [0.95 - 0.025, -2.1 + 0.05]
    p1, p2 = two_steps(optim.SGD(lr=0.1))
    np.testing.assert_allclose(p1, [0.95, -2.1], rtol=1e-12)
    np.testing.assert_allclose(p2, [0.925, -2.05], rtol=1e-12)


def test_momentum():
    # v1 = 0.9 * 0 - 0.1 g1 = [-0.05, -0.1];            p1 = p0 + v1 = [0.95, -2.1]
    # v2 = 0.9 v1 - 0.1 g2 = [-0.045 - 0.025, -0.09 + 0.05] = [-0.07, -0.04]
    # p2 = p1 + v2 = [0.88, -2.14]
    opt = optim.Momentum(lr=0.1, beta=0.9)
    p1, p2 = two_steps(opt)
    np.testing.assert_allclose(p1, [0.95, -2.1], rtol=1e-12)
    np.testing.assert_allclose(p2, [0.88, -2.14], rtol=1e-12)
    np.testing.assert_allclose(opt.v[0], [-0.07, -0.04], rtol=1e-12)


def test_rmsprop():
    # s1 = 0.1 g1^2 = [0.025, 0.1]; sqrt(s1) = [0.158113883, 0.316227766]
    # step1 = 0.01 g1 / sqrt(s1) = [0.0316227766, 0.0316227766]  (= 0.01 / sqrt(0.1) each)
    # s2 = 0.9 s1 + 0.1 g2^2 = [0.0225 + 0.00625, 0.09 + 0.025] = [0.02875, 0.115]
    # sqrt(s2) = [0.169558249, 0.339116499]
    # step2 = 0.01 g2 / sqrt(s2) = [0.0147441956, -0.0147441956]
    opt = optim.RMSprop(lr=0.01, rho=0.9, eps=1e-8)
    p1, p2 = two_steps(opt)
    np.testing.assert_allclose(p1, [1 - 0.0316227766, -2 - 0.0316227766], rtol=1e-8)
    np.testing.assert_allclose(p2, [1 - 0.0316227766 - 0.0147441956,
                                    -2 - 0.0316227766 + 0.0147441956], rtol=1e-8)
    np.testing.assert_allclose(opt.s[0], [0.02875, 0.115], rtol=1e-12)


def test_adam():
    # t = 1: m1 = 0.1 g1 = [0.05, 0.1];  v1 = 0.001 g1^2 = [0.00025, 0.001]
    #        m_hat = m1 / 0.1 = g1;  v_hat = v1 / 0.001 = g1^2
    #        step1 = 0.1 g1 / |g1| = [0.1, 0.1]:  p1 = [0.9, -2.1]
    # t = 2: m2 = 0.9 m1 + 0.1 g2 = [0.045 + 0.025, 0.09 - 0.05] = [0.07, 0.04]
    #        v2 = 0.999 v1 + 0.001 g2^2 = [0.00024975 + 0.0000625, 0.000999 + 0.00025]
    #           = [0.00031225, 0.001249]
    #        m_hat = m2 / (1 - 0.81) = [0.368421053, 0.210526316]
    #        v_hat = v2 / (1 - 0.998001) = [0.156203102, 0.624812406]
    #        sqrt(v_hat) = [0.395225380, 0.790450761]
    #        step2 = 0.1 m_hat / sqrt(v_hat) = [0.0932180, 0.0266337]
    opt = optim.Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    p1, p2 = two_steps(opt)
    np.testing.assert_allclose(p1, [0.9, -2.1], rtol=1e-7)
    np.testing.assert_allclose(p2, [0.9 - 0.0932180, -2.1 - 0.0266337], rtol=1e-6)
    np.testing.assert_allclose(opt.m[0], [0.07, 0.04], rtol=1e-12)
    np.testing.assert_allclose(opt.v[0], [0.00031225, 0.001249], rtol=1e-12)
    assert opt.t == 2


def test_clip_by_norm():
    # [3, 4] and [12]: norm sqrt(9 + 16 + 144) = 13; to 6.5 scales everything by 0.5
    grads = [np.array([3.0, 4.0]), np.array([12.0])]
    assert optim.clip_by_norm(grads, 6.5) == pytest.approx(13.0)
    np.testing.assert_allclose(grads[0], [1.5, 2.0])
    np.testing.assert_allclose(grads[1], [6.0])
    small = [np.array([0.3, 0.4])]  # norm 0.5 <= 1: unchanged
    optim.clip_by_norm(small, 1.0)
    np.testing.assert_array_equal(small[0], [0.3, 0.4])


def test_make_optimizer_and_bad_learning_rates():
    assert isinstance(optim.make_optimizer("adam", 0.01, beta1=0.8), optim.Adam)
    with pytest.raises(ValueError, match="unknown optimizer"):
        optim.make_optimizer("lbfgs", 0.1)
    for bad in (0, -0.1, np.nan):
        with pytest.raises(ValueError, match="learning rate"):
            optim.SGD(bad)
